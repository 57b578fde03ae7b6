/**
 * Runs `work` and answers the promise rejections no one handled while it ran (each of which would
 * end `outpost dev`). `settleMs` waits that long after `work`, for rejections still on their way.
 */
export async function unhandledRejectionsDuring(work: () => Promise<unknown>, settleMs = 0): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", collect);
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    process.off("unhandledRejection", collect);
  }
  return unhandled;
}
