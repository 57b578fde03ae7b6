/**
 * Welcome to Cloudflare Workers! This is your first worker.
 *
 * - Run `npx outpost dev examples/hello-world` to start a development server
 * - Open a browser tab at http://localhost:8787/ to see your worker in action
 */

export default {
	async fetch(request, env, ctx): Promise<Response> {
		return new Response('Hello World!');
	},
} satisfies ExportedHandler<Env>;
