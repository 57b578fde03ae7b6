// Type declarations for this Worker's bindings.
// (Normally produced by `wrangler types`.)
interface Env {
	API_VERSION: "v1";
	API_TOKEN: string;
}
