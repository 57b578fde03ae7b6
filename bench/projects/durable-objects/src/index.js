// The benchmark worker: `/one` increments a SQL counter in one object; `/many` in one of 1000.
import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
  }

  increment() {
    this.ctx.storage.sql.exec("INSERT INTO counter (id, value) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET value = value + 1");
    return this.ctx.storage.sql.exec("SELECT value FROM counter").one().value;
  }
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const name = pathname === "/one" ? "one" : `object-${Math.floor(Math.random() * 1000)}`;
    return new Response(String(await env.COUNTER.getByName(name).increment()));
  },
};
