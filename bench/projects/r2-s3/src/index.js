export default {
  async fetch() {
    return new Response("The bench bucket is served over the S3 API.");
  },
};
