import type { HistoryEvent } from "../services/step-functions/index.js";

/** Payload fields shown, in this order, after an event's name. */
const SHOWN = ["input", "output", "parameters", "error", "cause"] as const;
const WIDTH = 160;

/** A readable timeline: one line per event, time since the start, the state's name, and its input, output or error. */
export function renderTimeline(events: readonly HistoryEvent[]): string {
  const start = events[0] ? new Date(events[0].timestamp).getTime() : 0;
  return events
    .map((event) => {
      const details = Object.entries(event).find(([key]) => key.endsWith("EventDetails"))?.[1] as Record<string, unknown> | undefined;
      const offset = `+${((new Date(event.timestamp).getTime() - start) / 1000).toFixed(3)}s`;
      const name = typeof details?.name === "string" ? details.name : "";
      const shown = SHOWN.filter((key) => details?.[key] !== undefined).map((key) => `${key} ${clip(String(details![key]))}`);
      return [offset.padStart(10), String(event.id).padStart(4), event.type.padEnd(24), name, ...shown].filter(Boolean).join("  ");
    })
    .join("\n")
    .concat(events.length ? "\n" : "");
}

function clip(text: string): string {
  return text.length > WIDTH ? `${text.slice(0, WIDTH - 1)}…` : text;
}
