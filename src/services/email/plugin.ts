import type { SendEmailBinding } from "../../config/index.js";
import { wrappedServiceBindings, type WrappedBindings } from "../../runtime/index.js";
import { EMAIL_HEADERS_MODULE, emailHeadersSource } from "./headers-source.js";
import { sendEmailApi } from "./send-binding-source.js";
import { EMAIL_TRIGGER_MODULE, emailTriggerSource } from "./trigger-source.js";

/** The service name `send_email` binding requests carry to Outpost's service host. */
export const EMAIL_SERVICE = "email";
/** The binding a message is sent through, and the addresses it allows, as URI-encoded JSON. */
export const EMAIL_BINDING_HEADER = "x-outpost-email-binding";
export const EMAIL_RULES_HEADER = "x-outpost-email-rules";

/** Which addresses a `send_email` binding may send from and to; absent means any. */
export type AddressRules = Omit<SendEmailBinding, "name">;

/** A fetcher to the email service per `send_email` binding, wrapped into the binding's `send()` in the isolate. */
export function sendEmailBindings(bindings: readonly SendEmailBinding[]): WrappedBindings {
  return wrappedServiceBindings(
    EMAIL_SERVICE,
    sendEmailApi,
    bindings.map(({ name, ...rules }) => ({
      name,
      resource: name,
      headers: { [EMAIL_BINDING_HEADER]: name, [EMAIL_RULES_HEADER]: encodeURIComponent(JSON.stringify(rules)) },
    })),
  );
}

/** The modules every worker gets for email: the header reader the others share, and the `email()` trigger. */
export function emailModules(): { name: string; source: string }[] {
  return [
    { name: EMAIL_HEADERS_MODULE, source: emailHeadersSource() },
    { name: EMAIL_TRIGGER_MODULE, source: emailTriggerSource() },
  ];
}
