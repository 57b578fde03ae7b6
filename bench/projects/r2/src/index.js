const SMALL = new Uint8Array(1024).fill(120);

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const key = url.searchParams.get("key");
    switch (url.pathname) {
      case "/seed":
        await env.BUCKET.put("small-fixed", SMALL);
        return new Response("seeded");
      case "/drain": {
        let bytes = 0;
        for await (const chunk of request.body) bytes += chunk.length;
        return new Response(String(bytes));
      }
      case "/put":
        return Response.json(await env.BUCKET.put(key, request.body));
      case "/get":
        return new Response((await env.BUCKET.get(key)).body);
      case "/small-put":
        await env.BUCKET.put(`small-${Math.floor(Math.random() * 1000)}`, SMALL);
        return new Response("ok");
      case "/small-get":
        return new Response((await env.BUCKET.get("small-fixed")).body);
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
