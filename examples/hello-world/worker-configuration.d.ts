// Generated-style type declarations for this Worker's bindings.
// (Normally produced by `wrangler types`.)
interface Env {}
