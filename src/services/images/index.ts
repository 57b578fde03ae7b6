export { IMAGES_SERVICE, imagesBindings } from "./plugin.js";
export { serveImagesRequest } from "./serve-images-request.js";
