// The run hovers and CodeLens describe: a scenario run by the simulator inside the server, and the point
// of it the user selected. Runs are values, so re-running or selecting never mutates a previous result.
import {
  applyOverrides,
  eventAtTime,
  isBuiltin,
  loadBuiltin,
  parseScenario,
  outcomeLine,
  runPacketdrill,
  runScenario,
  type RunResult,
  type Scenario,
  type TraceEvent,
} from "@kernel-lens/simulator";
import type { RunParams, RunSummary, SelectParams } from "../protocol.js";

export const DEFAULT_SCENARIO = "handshake";

/** Reads a scenario file given its id (a file URI or path); injected so this module does no I/O itself. */
export type ScenarioReader = (id: string) => { text: string; file: string };

export class CurrentRun {
  private runId = 0;
  private scenarioId = DEFAULT_SCENARIO;
  private params: Record<string, number> = {};
  private sysctls: Record<string, number | string> = {};
  private seed = 1;
  private selected = -1;
  private note: string | undefined;
  private current: RunResult | undefined;

  /** The default run is made on first use, so a server start does not wait for the simulator. */
  constructor(private readonly read: ScenarioReader) {}

  get result(): RunResult {
    if (!this.current) this.run({});
    return this.current!;
  }

  /** Run a scenario (by default the current one again) and make it the current run. */
  run(p: RunParams): RunSummary {
    const scenarioId = p.scenario ?? this.scenarioId;
    const params =
      p.scenario !== undefined && p.scenario !== this.scenarioId
        ? (p.params ?? {})
        : { ...this.params, ...p.params };
    const sysctls = { ...this.sysctls, ...p.sysctls };
    const seed = p.seed ?? this.seed;
    const stopAt = p.stopAtFunction;
    const stopsAt = (e: TraceEvent) =>
      e.fn === stopAt && (p.stopAtReturn === undefined || e.ret === p.stopAtReturn);
    let result: RunResult;
    let note: string | undefined;
    if (isPacketdrillScript(scenarioId)) {
      // A script runs whole (its lines are checked in order); "run to here" selects the first call.
      const { text, file } = this.read(scenarioId);
      const sets = Object.entries(sysctls).map(([key, value]) => ({ key, value }));
      const pd = runPacketdrill(text, file, { sets, seed });
      result = pd.run;
      note = `packetdrill: ${outcomeLine(pd).trim()}`;
    } else {
      const scenario = this.load(scenarioId, params, sysctls);
      result = runScenario(scenario, stopAt ? { seed, stopWhen: stopsAt } : { seed });
    }
    // Commit only after the run succeeded: a bad scenario leaves the previous run current.
    this.current = result;
    this.note = note;
    this.scenarioId = scenarioId;
    this.params = params;
    this.sysctls = sysctls;
    this.seed = seed;
    this.runId++;
    this.selected = stopAt ? (result.events.find(stopsAt)?.id ?? -1) : -1;
    return this.summary();
  }

  select(p: SelectParams): RunSummary {
    const last = this.result.events.length - 1;
    if (p.event !== undefined) this.selected = p.event < 0 || p.event >= last ? -1 : Math.floor(p.event);
    else if (p.time !== undefined) {
      const i = eventAtTime(this.result, p.time);
      this.selected = i >= last ? -1 : Math.max(i, 0);
    }
    return this.summary();
  }

  /** The selected event index; the last event when the selection is "the end". */
  selectedEvent(): number {
    return this.selected < 0 ? this.result.events.length - 1 : this.selected;
  }

  get id(): number {
    if (!this.current) this.run({});
    return this.runId;
  }

  get currentSeed(): number {
    return this.seed;
  }

  summary(): RunSummary {
    const ev = this.selectedEvent();
    return {
      runId: this.runId,
      scenario: this.result.scenario,
      params: this.result.params,
      sysctls: this.result.sysctls,
      localPortRanges: this.result.localPortRanges,
      seed: this.seed,
      eventCount: this.result.events.length,
      stop: this.result.stop,
      selectedEvent: this.selected,
      selectedTime: this.result.events[ev]?.t ?? 0,
      ...(this.note !== undefined && { note: this.note }),
    };
  }

  private load(
    id: string,
    params: Record<string, number>,
    sysctls: Record<string, number | string>,
  ): Scenario {
    let scenario: Scenario;
    if (isBuiltin(id)) scenario = loadBuiltin(id, params);
    else {
      const { text, file } = this.read(id);
      scenario = parseScenario(text, file, params);
    }
    const sets = Object.entries(sysctls).map(([key, value]) => ({ key, value }));
    return sets.length ? applyOverrides(scenario, sets) : scenario;
  }
}

export function isPacketdrillScript(id: string): boolean {
  return id.endsWith(".pkt");
}
