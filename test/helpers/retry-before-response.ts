/**
 * Retries a request whose connection closed before any response byte arrived: the old workerd
 * closes connections it accepted but had not read from when it is replaced, and such a request
 * never reached the worker, so it is safe to send again, as browsers do.
 */
export async function withRetryBeforeResponse(send: () => Promise<Response>, onRetry: () => void = () => undefined): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt === 3 || !/other side closed|ECONNRESET/.test(String((error as Error).cause))) throw error;
      onRetry();
    }
  }
}
