// The benchmark worker: one Analytics Engine data point per request, as a page-view counter writes.
export default {
  async fetch(request, env) {
    env.EVENTS.writeDataPoint({ blobs: [request.url, request.method], doubles: [1], indexes: ["bench"] });
    return new Response("counted");
  },
};
