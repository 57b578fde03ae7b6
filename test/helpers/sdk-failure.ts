/** What an AWS SDK call that must fail failed with: the error's name, HTTP status and message. */
export async function sdkFailure(promise: Promise<unknown>): Promise<{ name: string; status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, status: failure.$metadata?.httpStatusCode ?? 0, message: failure.message };
  }
  throw new Error("expected the AWS SDK call to fail");
}
