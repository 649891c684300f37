/** Data model of the scenario generator: named, deterministic re-enactments written as HAR + events + profile. */
import type { BlindSpotKind, DataTypeId, DeviceProfile } from '../detect/types.js';
import type { TesterEvent } from '../timeline/types.js';

export const SCENARIO_NAMES = ['lawsuit', 'clean'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioInfo {
  name: ScenarioName;
  title: string;
  description: string;
  /** The app's own hosts: pass them as first party (AnalyzeOptions.firstParty) when analysing the scenario. */
  firstParty: string[];
}

/** Paths of the files writeScenario wrote. */
export interface ScenarioFiles {
  har: string;
  events: string;
  profile: string;
  /** Same as ScenarioInfo.firstParty, for convenience. */
  firstParty: string[];
}

/**
 * What one exchange of a scenario really carries — the label a detector is measured against. Written by hand next to
 * the payload it describes, never derived from detector output.
 */
export interface TruthLabel {
  dataTypes?: DataTypeId[];
  /** Signal kinds the exchange should yield ("id-assigned", "media-upload"). */
  signals?: string[];
  blindSpot?: BlindSpotKind;
  /** Which side of the exchange the blind spot is on (an unreadable request body, a truncated response). */
  blindSpotSide?: 'request' | 'response';
}

/** The label of one HAR entry, with the facts needed to rebuild findings without running detect. */
export interface TruthEntry {
  dataTypes: DataTypeId[];
  signals: string[];
  blindSpot: BlindSpotKind | null;
  blindSpotSide: 'request' | 'response' | null;
  /** 0-based HAR entry index (SourceRef.index). */
  index: number;
  time: string;
  method: string;
  host: string;
  serverIp: string;
}

/** A scenario in memory, before it is written. */
export interface Scenario {
  info: ScenarioInfo;
  har: unknown;
  events: TesterEvent[];
  profile: DeviceProfile;
  /** Ground truth per HAR entry, in entry order. */
  truth: TruthEntry[];
}
