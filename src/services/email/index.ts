export { EMAIL_MESSAGE_MODULE, emailMessageSource } from "./email-message-source.js";
export { EMAIL_SERVICE, emailModules, sendEmailBindings } from "./plugin.js";
export { SentMail } from "./sent-mail.js";
export { serveSendRequest } from "./serve-send-request.js";
export { EMAIL_TRIGGER_EXPORT, EMAIL_TRIGGER_MODULE, EMAIL_TRIGGER_PATH } from "./trigger-source.js";
