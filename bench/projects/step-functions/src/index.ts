interface Env {
  CHAIN: {
    start(input: unknown): Promise<{ executionArn: string }>;
    describe(arn: string): Promise<{ status: string }>;
  };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ok");
    if (url.pathname === "/start") return Response.json(await env.CHAIN.start({ n: 1 }));
    if (url.pathname === "/describe") return Response.json(await env.CHAIN.describe(url.searchParams.get("arn")!));
    return new Response("Not found", { status: 404 });
  },
};
