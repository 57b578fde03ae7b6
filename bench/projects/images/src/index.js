import photo from "./photo.jpg";

/** Resizes the photo the benchmark wrote beside this file to 256 pixels wide, as WebP. */
export default {
	async fetch(request, env) {
		const output = await env.IMAGES.input(new Blob([photo]).stream()).transform({ width: 256 }).output({ format: "image/webp" });
		return output.response();
	},
};
