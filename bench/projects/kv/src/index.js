// The benchmark worker: `/hot` reads one key every request; `/put-get` writes a key and reads it back.
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/hot") return new Response(await env.KV.get("hot", { cacheTtl: 60 }));
    if (pathname === "/seed") {
      await env.KV.put("hot", "a hot value");
      return new Response("seeded");
    }
    const key = `key-${Math.floor(Math.random() * 10000)}`;
    await env.KV.put(key, "value");
    return new Response(await env.KV.get(key));
  },
};
