// The benchmark worker: `/select` reads one row by primary key; `/insert` inserts one row.
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/seed") {
      await env.DB.exec("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
      await env.DB.prepare("INSERT OR IGNORE INTO items (id, name) SELECT value, 'item ' || value FROM json_each(?)")
        .bind(JSON.stringify(Array.from({ length: 1000 }, (_, i) => i + 1)))
        .run();
      return new Response("seeded");
    }
    if (pathname === "/select") {
      const id = 1 + Math.floor(Math.random() * 1000);
      return Response.json(await env.DB.prepare("SELECT id, name FROM items WHERE id = ?").bind(id).first());
    }
    const result = await env.DB.prepare("INSERT INTO items (name) VALUES (?)").bind("new item").run();
    return Response.json(result.meta.last_row_id);
  },
};
