export type Level = 'province' | 'district' | 'commune' | 'village';

export interface PathItem { id: number; name: string }

export interface Unit {
  id: number;
  code: string;
  name: string;
  type: string;
  type_name: string;
  level: Level;
  parent_id: number | null;
  valid_from: string | null;
  valid_to: string | null;
  path: PathItem[];
  path_text: string;
  children_count?: number;
  /** What became of a unit that ended (null while it exists). */
  fate?: Fate | null;
  /** The units it was formed from in a reorganisation. */
  formed_from?: { id: number; name: string; code: string; whole: boolean }[];
}

export interface Fate {
  status: 'merged' | 'split' | 'dissolved' | 'ended';
  date: string;
  into: { id: number; name: string; code: string; path_text: string }[];
  text: string;
  legal_basis?: string | null;
}

export interface ScopeChange { pending: boolean; message: string; candidates: Unit[] }

export interface VillageAssignment {
  village: Unit;
  old_commune: Unit;
  commune_id: number;
  decided: boolean;
  options: Unit[];
}

export interface Team {
  id: number;
  unit_id: number;
  unit: Unit;
  name: string;
  decision: { number: string | null; date: string | null; issuer: string | null } | null;
  active_from: string;
  active_to: string | null;
  zalo: { link: string | null; members: number | null } | null;
  notes: string | null;
  member_count: number;
}

export interface Member {
  id: number;
  team_id: number;
  person_id: number;
  full_name: string;
  phone?: string;
  role: string;
  role_name: string;
  affiliation: string | null;
  affiliation_name: string | null;
  joined_on: string;
  left_on: string | null;
  trained_on: string | null;
}

export type Role =
  | 'admin'
  | 'province_officer'
  | 'district_officer'
  | 'commune_officer'
  | 'team_member'
  | 'viewer';

export interface User {
  id: number;
  login: string;
  phone: string | null;
  full_name: string;
  role: Role;
  role_name: string;
  unit_id: number | null;
  unit: Unit | null;
  active?: boolean;
  scope_change?: ScopeChange | null;
}

export interface CodeName { code: string; name: string; level?: string }

export interface Meta {
  roles: CodeName[];
  unit_types: CodeName[];
  member_roles: CodeName[];
  affiliations: CodeName[];
  today: string;
}

export interface Coverage {
  unit: Unit;
  date: string;
  teams: number;
  members: number;
  communes: { total: number; with_team: number; percent: number };
  villages: { total: number; with_team: number; percent: number };
  communes_without_team: Unit[];
}

export interface FieldProblem { field: string; code: string; message: string }

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
  retry_after?: number;
}

export interface ActivityField { code: string; name: string; unit: string; min: number; max: number }

export interface ActivityType {
  code: string;
  name: string;
  level: string;
  fields: ActivityField[];
  category: { code: string; name: string; options: CodeName[] } | null;
}

export interface Activity {
  id: number;
  team_id: number | null;
  unit_id: number;
  unit?: Unit;
  type: string;
  type_name: string;
  date: string;
  category: string | null;
  category_name: string | null;
  quantities: Record<string, number>;
  note: string;
  author_id: number;
  created_at: string;
  updated_at: string;
}

export type Status = 'dat' | 'dung_tien_do' | 'cham' | 'chua_co_chi_tieu';

export interface Indicator {
  code: string;
  name: string;
  unit: string;
  pillar: string;
  pillar_name: string;
  kind: string;
  spec?: Record<string, unknown>;
  national_target: number | null;
  builtin?: boolean;
}

export interface ScoreItem {
  code: string;
  name: string;
  unit: string;
  kind?: string;
  value: number | null;
  target: number | null;
  /** Where the target comes from (App::target_on): a plan in force, the unit's yearly target, the national default. */
  target_source?: TargetSource | null;
  status: Status;
  status_name: string;
}

export interface TargetSource {
  kind: 'plan' | 'unit' | 'national' | 'default';
  plan_id?: number;
  plan_number?: string;
  deadline?: string;
}

export interface Scorecard {
  unit: Unit;
  from: string;
  to: string;
  structure_date: string;
  pillars: { code: string; name: string; indicators: ScoreItem[] }[];
}

export interface Ranking {
  indicator: Indicator;
  basis?: 'value' | 'per_1000';
  level?: string;
  /** Units ranked, and where the next page starts (null: none); a page is `limit` rows from `offset`. */
  count?: number;
  next_offset?: number | null;
  items: RankRow[];
}
export type RankRow = { rank: number; unit: Unit; value: number | null; target: number | null; status: Status; status_name: string; population?: number | null };

export interface SummaryCell extends ScoreItem { share: number | null }

export interface Summary {
  unit: Unit;
  from: string;
  to: string;
  structure_date: string;
  running: boolean;
  counts: {
    teams: number; members: number; trained: number;
    communes: { total: number; with_team: number };
    villages: { total: number; with_team: number };
    population: number | null;
  };
  index: SummaryCell | null;
  targets: SummaryCell[];
  without_target: number;
  units_below: number;
  lagging: { unit: Unit; index: number | null; weakest: SummaryCell | null }[];
}

export interface Series {
  indicator: Indicator;
  points: { period: string; from: string; to: string; value: number | null }[];
}

export interface Targets {
  year: number;
  items: { indicator: string; value: number | null; source: 'unit' | 'national' | null }[];
}

/** Official reports (docs/api.md "Official reports"). */
export interface HeadingLine { text: string; bold: boolean }

export interface ReportSettings {
  unit_id: number;
  unit: Unit;
  saved: boolean;
  issuer_kind: 'ubnd' | 'co_quan';
  issuer_name: string;
  abbreviation: string;
  head_title: string;
  signer_title: string;
  signer_name: string;
  place: string;
  can_edit: boolean;
  preview: { issuer: HeadingLine[]; issuer_in_sentence: string; number: string; place_date: string; signature: string[]; signer_name: string };
}

export interface ReportRecipient { unit_id: number | null; name: string; addressed: boolean }

export interface ReportDocument {
  unit: Unit;
  period: string;
  period_name: string;
  from: string;
  to: string;
  data_to: string;
  running: boolean;
  structure_date: string;
  saved: boolean;
  version: number;
  updated_at: number | null;
  number: string;
  date: string | null;
  sections: { code: string; title: string; heading: string; text: string }[];
  generated: { ket_qua: string };
  recipients: ReportRecipient[];
  recipient_options: { unit_id: number; name: string }[];
  signer: { title: string; name: string; lines: string[]; from: 'settings' | 'report' };
  settings_saved: boolean;
  can_edit: boolean;
  preview: {
    issuer: HeadingLine[]; number: string; place_date: string; title: string; subtitle: string; range_text: string;
    remarks: string[]; addressed: string[]; recipients: string[];
  };
  files: { xlsx: string; docx: string; pdf: string; csv: string };
}
