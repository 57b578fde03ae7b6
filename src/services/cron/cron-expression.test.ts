import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchesMinute, nextFire, parseCron } from "./cron-expression.js";
import { CronError } from "./errors.js";

/** The fires of `cron` after `after`, in order: the first is `nextFire(after)`, each next one `nextFire` of the one before. */
const FIRES: { cron: string; after: string; next: string[] }[] = [
  { cron: "* * * * *", after: "2025-01-01T00:00:30Z", next: ["2025-01-01T00:01:00Z", "2025-01-01T00:02:00Z"] },
  { cron: "* * * * *", after: "2025-01-01T00:00:00Z", next: ["2025-01-01T00:01:00Z"] },
  { cron: "*/15 * * * *", after: "2025-01-01T10:07:00Z", next: ["2025-01-01T10:15:00Z", "2025-01-01T10:30:00Z", "2025-01-01T10:45:00Z", "2025-01-01T11:00:00Z"] },
  { cron: "*/15 * * * *", after: "2024-12-31T23:50:00Z", next: ["2025-01-01T00:00:00Z"] },
  { cron: "5/20 * * * *", after: "2025-01-01T00:25:00Z", next: ["2025-01-01T00:45:00Z", "2025-01-01T01:05:00Z"] },
  { cron: "10-40/10 * * * *", after: "2025-01-01T00:40:00Z", next: ["2025-01-01T01:10:00Z", "2025-01-01T01:20:00Z"] },
  // 2-6 is Monday to Friday here; 2025-01-03 is a Friday.
  { cron: "0 9 * * 2-6", after: "2025-01-03T09:00:00Z", next: ["2025-01-06T09:00:00Z", "2025-01-07T09:00:00Z"] },
  { cron: "0 9 * * MON-FRI", after: "2025-01-03T09:00:00Z", next: ["2025-01-06T09:00:00Z", "2025-01-07T09:00:00Z"] },
  // 1-5 is Sunday to Thursday, not Vixie cron's Monday to Friday.
  {
    cron: "0 0 * * 1-5",
    after: "2025-01-03T00:00:00Z",
    next: ["2025-01-05T00:00:00Z", "2025-01-06T00:00:00Z", "2025-01-07T00:00:00Z", "2025-01-08T00:00:00Z", "2025-01-09T00:00:00Z", "2025-01-12T00:00:00Z"],
  },
  { cron: "0 0 * * */2", after: "2025-01-01T00:00:00Z", next: ["2025-01-02T00:00:00Z", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z", "2025-01-07T00:00:00Z"] },
  { cron: "0 0 * * L", after: "2025-01-01T00:00:00Z", next: ["2025-01-04T00:00:00Z", "2025-01-11T00:00:00Z"] },
  { cron: "0 0 1 JAN *", after: "2025-01-01T00:00:00Z", next: ["2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"] },
  { cron: "0 0 * jan sun", after: "2025-01-26T00:00:00Z", next: ["2026-01-04T00:00:00Z"] },
  { cron: "0 0 * FEB-MAR SAT", after: "2025-01-01T00:00:00Z", next: ["2025-02-01T00:00:00Z", "2025-02-08T00:00:00Z"] },
  { cron: "0 0 31 * *", after: "2025-04-01T00:00:00Z", next: ["2025-05-31T00:00:00Z", "2025-07-31T00:00:00Z", "2025-08-31T00:00:00Z"] },
  { cron: "0 0 */10 * *", after: "2025-01-21T00:00:00Z", next: ["2025-01-31T00:00:00Z", "2025-02-01T00:00:00Z", "2025-02-11T00:00:00Z"] },
  { cron: "0 12 L * *", after: "2024-02-01T00:00:00Z", next: ["2024-02-29T12:00:00Z", "2024-03-31T12:00:00Z", "2024-04-30T12:00:00Z"] },
  { cron: "0 12 L * *", after: "2025-02-01T00:00:00Z", next: ["2025-02-28T12:00:00Z", "2025-03-31T12:00:00Z"] },
  { cron: "0 0 L-2 * *", after: "2025-02-01T00:00:00Z", next: ["2025-02-26T00:00:00Z", "2025-03-29T00:00:00Z"] },
  // May 31 2025 is a Saturday and August 31 a Sunday: both move back to the Friday.
  { cron: "0 0 LW * *", after: "2025-05-01T00:00:00Z", next: ["2025-05-30T00:00:00Z", "2025-06-30T00:00:00Z", "2025-07-31T00:00:00Z", "2025-08-29T00:00:00Z"] },
  // L-3 is Saturday September 27 (back to Friday) and Sunday December 28 (on to Monday).
  { cron: "0 0 L-3W * *", after: "2025-09-01T00:00:00Z", next: ["2025-09-26T00:00:00Z", "2025-10-28T00:00:00Z", "2025-11-27T00:00:00Z", "2025-12-29T00:00:00Z"] },
  // The 15th is a Saturday in February and March 2025, and a Sunday in June.
  {
    cron: "0 0 15W * *",
    after: "2025-01-01T00:00:00Z",
    next: ["2025-01-15T00:00:00Z", "2025-02-14T00:00:00Z", "2025-03-14T00:00:00Z", "2025-04-15T00:00:00Z", "2025-05-15T00:00:00Z", "2025-06-16T00:00:00Z"],
  },
  // The 1st is a Saturday in February and March 2025 (on to Monday the 3rd) and a Sunday in June.
  {
    cron: "0 0 1W * *",
    after: "2025-01-31T12:00:00Z",
    next: ["2025-02-03T00:00:00Z", "2025-03-03T00:00:00Z", "2025-04-01T00:00:00Z", "2025-05-01T00:00:00Z", "2025-06-02T00:00:00Z"],
  },
  // August 31 2025 is a Sunday and the last day, so back to Friday; September has no 31st.
  { cron: "0 0 31W * *", after: "2025-08-01T00:00:00Z", next: ["2025-08-29T00:00:00Z", "2025-10-31T00:00:00Z"] },
  { cron: "0 0 * * 6L", after: "2025-01-01T00:00:00Z", next: ["2025-01-31T00:00:00Z", "2025-02-28T00:00:00Z", "2025-03-28T00:00:00Z"] },
  { cron: "0 0 * * 6L", after: "2025-06-01T00:00:00Z", next: ["2025-06-27T00:00:00Z"] },
  { cron: "0 0 * * MON#2", after: "2025-01-01T00:00:00Z", next: ["2025-01-13T00:00:00Z", "2025-02-10T00:00:00Z", "2025-03-10T00:00:00Z"] },
  { cron: "0 0 * * 2#2", after: "2025-01-01T00:00:00Z", next: ["2025-01-13T00:00:00Z", "2025-02-10T00:00:00Z", "2025-03-10T00:00:00Z"] },
  { cron: "0 0 * * 1#5", after: "2025-01-01T00:00:00Z", next: ["2025-03-30T00:00:00Z", "2025-06-29T00:00:00Z"] },
  // Both day fields restricted: the 1st of the month or any Monday.
  {
    cron: "0 0 1 * MON",
    after: "2025-01-01T00:00:00Z",
    next: ["2025-01-06T00:00:00Z", "2025-01-13T00:00:00Z", "2025-01-20T00:00:00Z", "2025-01-27T00:00:00Z", "2025-02-01T00:00:00Z", "2025-02-03T00:00:00Z"],
  },
  // The 1st and 15th, or any Thursday (5).
  {
    cron: "30 4 1,15 * 5",
    after: "2025-01-01T04:30:00Z",
    next: ["2025-01-02T04:30:00Z", "2025-01-09T04:30:00Z", "2025-01-15T04:30:00Z", "2025-01-16T04:30:00Z", "2025-01-23T04:30:00Z"],
  },
  { cron: "0 0 29 2 *", after: "2025-01-01T00:00:00Z", next: ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"] },
  // 2100 is not a leap year.
  { cron: "0 0 29 2 *", after: "2096-03-01T00:00:00Z", next: ["2104-02-29T00:00:00Z"] },
];

const REFUSALS: { cron: string; message: string }[] = [
  { cron: "61 * * * *", message: "minute field has 61 outside 0-59" },
  { cron: "* 24 * * *", message: "hour field has 24 outside 0-23" },
  { cron: "* * 0 * *", message: "day of month field has 0 outside 1-31" },
  { cron: "* * 32W * *", message: "day of month field has 32 outside 1-31" },
  { cron: "* * * 13 *", message: "month field has 13 outside 1-12 (JAN-DEC)" },
  { cron: "* * * * 0", message: "day of week field has 0 outside 1-7 (SUN-SAT)" },
  { cron: "* * * * 8", message: "day of week field has 8 outside 1-7 (SUN-SAT)" },
  { cron: "0 0 * * SAT-SUN", message: "day of week field has a descending range in SAT-SUN" },
  { cron: "5-1 * * * *", message: "minute field has a descending range in 5-1" },
  { cron: "0 20-4/2 * * *", message: "hour field has a descending range in 20-4/2" },
  { cron: "*,5 * * * *", message: "minute field has * inside the list *,5" },
  { cron: "0 5,* * * *", message: "hour field has * inside the list 5,*" },
  { cron: "1,,2 * * * *", message: "minute field has an empty item in the list 1,,2" },
  { cron: "*/0 * * * *", message: "minute field has a step of 0 in */0, outside 1-59" },
  { cron: "*/60 * * * *", message: "minute field has a step of 60 in */60, outside 1-59" },
  { cron: "0 0 * */12 *", message: "month field has a step of 12 in */12, outside 1-11" },
  { cron: "0 0 * * 1/7", message: "day of week field has a step of 7 in 1/7, outside 1-6" },
  { cron: "*/x * * * *", message: "minute field has */x, whose step is not a number" },
  { cron: "0 0 * FOO *", message: "month field has an unknown name FOO" },
  { cron: "0 0 * JAN-FOO *", message: "month field has an unknown name FOO" },
  { cron: "0 0 * * FUN", message: "day of week field has an unknown name FUN" },
  { cron: "MON * * * *", message: "minute field has MON, which is not a number" },
  { cron: "5- * * * *", message: "minute field has 5-, which is not a value, range or step" },
  { cron: "0 0 L-0 * *", message: "day of month field has an offset of 0 in L-0, outside 1-30" },
  { cron: "0 0 L-31 * *", message: "day of month field has an offset of 31 in L-31, outside 1-30" },
  { cron: "0 0 1,L * *", message: "day of month field has L inside the list 1,L; L and W days stand alone" },
  { cron: "0 0 * * MON#6", message: "day of week field has a week number of 6 in MON#6, outside 1-5" },
  { cron: "0 0 * * 2#0", message: "day of week field has a week number of 0 in 2#0, outside 1-5" },
  { cron: "0 0 * * 8L", message: "day of week field has 8 outside 1-7 (SUN-SAT)" },
  { cron: "0 0 * * 2,6L", message: "day of week field has 6L inside the list 2,6L; L and # days stand alone" },
  { cron: "* * * *", message: "4 fields, not 5" },
  { cron: "* * * * * *", message: "6 fields, not 5" },
  { cron: "", message: "0 fields, not 5" },
  { cron: "0 0 30 2 *", message: "it never matches" },
  { cron: "0 0 31 4,6,9,11 *", message: "it never matches" },
  { cron: "0 0 L-29 2 *", message: "it never matches" },
];

describe("cron expressions in Cloudflare's dialect", () => {
  for (const { cron, after, next } of FIRES) {
    it(`nextFire: "${cron}" after ${after} fires at ${next.join(", ")}`, () => {
      const expression = parseCron(cron);
      const fires: string[] = [];
      let from = Date.parse(after);
      while (fires.length < next.length) {
        const fire = nextFire(expression, from);
        assert.notEqual(fire, null);
        assert.ok(matchesMinute(expression, fire!), `matchesMinute at its own fire ${new Date(fire!).toISOString()}`);
        fires.push(new Date(fire!).toISOString().replace(".000Z", "Z"));
        from = fire!;
      }
      assert.deepEqual(fires, next);
    });
  }

  for (const { cron, message } of REFUSALS) {
    it(`parseCron: refuses "${cron}" (${message})`, () => {
      assert.throws(() => parseCron(cron), (error: unknown) => {
        assert.ok(error instanceof CronError);
        assert.equal(error.code, "ERR_CRON_INVALID");
        assert.equal(error.message, `cron trigger "${cron}": ${message}`);
        return true;
      });
    });
  }

  it("parseCron: quotes the expression trimmed in messages, and keeps the text as written", () => {
    assert.throws(() => parseCron("  61 * * * *\t"), { message: 'cron trigger "61 * * * *": minute field has 61 outside 0-59' });
    assert.equal(parseCron(" 0  9 * * *  ").text, " 0  9 * * *  ");
  });

  it("nextFire: a fire time is always at second 0, even from an instant inside a minute", () => {
    const expression = parseCron("*/15 * * * *");
    assert.equal(nextFire(expression, Date.parse("2025-01-01T10:14:59.999Z")), Date.parse("2025-01-01T10:15:00Z"));
    assert.equal(nextFire(expression, Date.parse("2025-01-01T10:15:00.001Z")), Date.parse("2025-01-01T10:30:00Z"));
  });

  it("matchesMinute: any instant of a matching minute, and no other minute", () => {
    const weekdays = parseCron("0 9 * * 2-6");
    assert.equal(matchesMinute(weekdays, Date.parse("2025-01-06T09:00:42Z")), true);
    assert.equal(matchesMinute(weekdays, Date.parse("2025-01-06T09:01:00Z")), false);
    assert.equal(matchesMinute(weekdays, Date.parse("2025-01-05T09:00:00Z")), false, "a Sunday");
  });

  it("matchesMinute: with both day fields restricted, either one selects the day", () => {
    const firstOrMonday = parseCron("0 0 1 * MON");
    assert.equal(matchesMinute(firstOrMonday, Date.parse("2025-02-01T00:00:00Z")), true, "the 1st, a Saturday");
    assert.equal(matchesMinute(firstOrMonday, Date.parse("2025-02-03T00:00:00Z")), true, "a Monday");
    assert.equal(matchesMinute(firstOrMonday, Date.parse("2025-02-04T00:00:00Z")), false, "a Tuesday");
    const nearFifteenth = parseCron("0 0 15W * *");
    assert.equal(matchesMinute(nearFifteenth, Date.parse("2025-02-14T00:00:00Z")), true);
    assert.equal(matchesMinute(nearFifteenth, Date.parse("2025-02-15T00:00:00Z")), false);
  });
});
