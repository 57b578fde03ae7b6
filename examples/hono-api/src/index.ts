import { Hono } from "hono";
import { cache } from "hono/cache";
import { getConnInfo } from "hono/cloudflare-workers";
import { HTTPException } from "hono/http-exception";
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";

type Todo = {
	id: string;
	title: string;
	done: boolean;
};

// In-memory store. Fine for a demo; lives as long as the isolate does.
const todos = new Map<string, Todo>();

const createTodoSchema = z.object({
	title: z.string().min(1),
	done: z.boolean().default(false),
});

const app = new Hono<{ Bindings: Env }>();

// Tag every response with the API version from `vars`.
app.use("*", async (c, next) => {
	await next();
	c.header("x-api-version", c.env.API_VERSION);
});

app.get("/", (c) => {
	return c.json({ name: "hono-api", version: c.env.API_VERSION });
});

// Who is asking: the address Cloudflare puts in CF-Connecting-IP, and the country it puts in request.cf.
app.get("/whoami", (c) => {
	return c.json({ address: getConnInfo(c).remote.address, country: c.req.raw.cf?.country });
});

// Kept in the Cache API for a minute: until then every request gets the first answer.
app.get("/time", cache({ cacheName: "hono-api", cacheControl: "max-age=60", wait: true }), (c) => {
	return c.json({ at: new Date().toISOString() });
});

// Everything under /api requires `Authorization: Bearer <API_TOKEN>`.
// API_TOKEN is a secret: put it in .dev.vars locally, `wrangler secret put` in production.
app.use("/api/*", async (c, next) => {
	const header = c.req.header("Authorization") ?? "";
	const [scheme, token] = header.split(" ", 2);
	const expected = c.env.API_TOKEN;
	if (!expected || scheme !== "Bearer" || token !== expected) {
		return c.json({ error: "unauthorized" }, 401, {
			"WWW-Authenticate": 'Bearer realm="hono-api"',
		});
	}
	await next();
});

app.post("/api/todos", zValidator("json", createTodoSchema), (c) => {
	const input = c.req.valid("json");
	const todo: Todo = {
		id: crypto.randomUUID(),
		title: input.title,
		done: input.done,
	};
	todos.set(todo.id, todo);
	return c.json(todo, 201);
});

app.get("/api/todos/:id", (c) => {
	const todo = todos.get(c.req.param("id"));
	if (!todo) {
		return c.json({ error: "not found" }, 404);
	}
	return c.json(todo);
});

app.notFound((c) => c.json({ error: "not found" }, 404));

app.onError((err, c) => {
	if (err instanceof HTTPException) {
		return err.getResponse();
	}
	console.error(err);
	return c.json({ error: "internal server error" }, 500);
});

export default app;
