import postgres from 'postgres';

/**
 * Fills the read model of a benchmark database (never the development or test one) with a national
 * volume of coordination data: 1,000,000 admission requests and 5,000,000 facility tasks over three
 * years across 100 départements, 9,000 facilities, 60,000 PCO TND orientations. A benchmark fixture:
 * these rows are written by SQL, not by workflows, to measure the read side's queries at scale.
 *
 * Fast: everything is `generate_series` inside PostgreSQL (no row goes through Node.js), foreign
 * key triggers off for the session (`session_replication_role = replica`), scratch tables unlogged.
 * Idempotent: `bench_generation` records the size and version generated; the same size and
 * version again is skipped, another one truncates and regenerates.
 */
export const generatorVersion = 1;

export interface GenerationSize {
  cases: number;
  /** Tasks per case cycle through 1 to 9 (mean 5): 5 × cases tasks in all. */
  tasksPerCase: 5;
  pcoCases: number;
}

export const fullSize: GenerationSize = { cases: 1_000_000, tasksPerCase: 5, pcoCases: 60_000 };

/**
 * The 100 départements, the most populated first: the draw below gives the first ones the most
 * cases (Nord about 2.5 %, Rhône about 1.6 %, the last ones about 0.6 %), as populations do.
 */
export const benchDepartements = [
  '59',
  '75',
  '13',
  '69',
  '92',
  '93',
  '33',
  '62',
  '78',
  '94',
  '77',
  '44',
  '31',
  '91',
  '76',
  '06',
  '95',
  '67',
  '34',
  '38',
  '83',
  '35',
  '57',
  '29',
  '60',
  '74',
  '54',
  '30',
  '14',
  '45',
  '56',
  '49',
  '42',
  '64',
  '68',
  '17',
  '63',
  '37',
  '27',
  '85',
  '974',
  '50',
  '22',
  '84',
  '01',
  '25',
  '72',
  '71',
  '26',
  '80',
  '86',
  '51',
  '21',
  '66',
  '971',
  '81',
  '87',
  '24',
  '02',
  '40',
  '73',
  '28',
  '972',
  '11',
  '79',
  '47',
  '88',
  '65',
  '18',
  '03',
  '16',
  '41',
  '10',
  '89',
  '12',
  '61',
  '2B',
  '2A',
  '53',
  '39',
  '07',
  '58',
  '36',
  '46',
  '52',
  '08',
  '55',
  '19',
  '70',
  '43',
  '32',
  '04',
  '05',
  '09',
  '90',
  '973',
  '82',
  '15',
  '48',
  '23',
];

// ---- Distributions (all drawn inside PostgreSQL with a fixed seed) ----

/** Skew of the département draw: index = floor(100 × u^DEPARTEMENT_SKEW). 1 would be uniform. */
const DEPARTEMENT_SKEW = 1.25;
/** Facilities per département and their kinds: 40 EHPAD, 20 SMR, 10 USLD, 10 HAD, 10 palliative care units. */
const FACILITY_SLOTS = [
  { kind: 'ehpad', start: 0, count: 40 },
  { kind: 'smr', start: 40, count: 20 },
  { kind: 'usld', start: 60, count: 10 },
  { kind: 'had', start: 70, count: 10 },
  { kind: 'soins_palliatifs', start: 80, count: 10 },
] as const;
const FACILITIES_PER_DEPARTEMENT = 90;
/** Kind of a request (cumulative shares): EHPAD 62 %, SMR 28 %, USLD 4 %, HAD 4 %, palliative care 2 %. */
const CASE_KIND_CUMULATIVE = [0.62, 0.9, 0.94, 0.98, 1];
/** Physicians (requesters) per département. */
const PHYSICIANS_PER_DEPARTEMENT = 100;
/** Requests are sent over the last three years, evenly. */
const HISTORY_DAYS = 1095;
/** Share of the requests a facility ever answers (first decision); the others stay silent. */
const ANSWER_RATE = 0.85;
/** Time to first answer: log-normal, median 3 days (72 h), σ 1.0 → p90 ≈ 11 days, 5 % beyond 15 days. */
const ANSWER_MEDIAN_HOURS = 72;
const ANSWER_SIGMA = 1.0;
/** First decisions: 36 % accept, 14 % wait-list, 50 % refuse. */
const ACCEPT_SHARE = 0.36;
const WAITLIST_SHARE = 0.14;
/** Refusal reasons (cumulative): no place 45 %, care not adapted 20 %, criteria 12 %, distance 8 %, means 6 %, file 5 %, age 2 %, other 2 %. */
const REFUSAL_REASONS_CUMULATIVE: [string, number][] = [
  ['no_place', 0.45],
  ['care_not_adapted', 0.65],
  ['admission_criteria', 0.77],
  ['distance', 0.85],
  ['resources_insufficient', 0.91],
  ['incomplete_file', 0.96],
  ['age_incompatible', 0.98],
  ['other', 1],
];
/** With an acceptance, the requester chooses (75 %) the first facility that accepted, 2 days later (median). */
const CHOICE_RATE = 0.75;
const CHOICE_MEDIAN_HOURS = 48;
/** Admission: log-normal, median 7 days after the choice, σ 0.6. */
const ADMISSION_MEDIAN_HOURS = 168;
const ADMISSION_SIGMA = 0.6;
/** A request not admitted is closed after 120 days: cancelled (55 %) or archived for inactivity. */
const OPEN_DAYS = 120;
const CANCELLED_SHARE = 0.55;
/**
 * Stalls, on open requests only: a facility silent for more than 15 days, or an acceptance left
 * without a choice for more than 10 days, stalls the case in 40 % of cases (in the others the
 * requester withdrew the silent facility, whose task is then cancelled).
 */
const FACILITY_SILENCE_DAYS = 15;
const CHOICE_PENDING_DAYS = 10;
const STALL_SHARE = 0.4;
/** PCO: validation log-normal median 6 days σ 0.8 (about 13 % beyond 15 days); 7 % refused. */
const PCO_REFUSED_SHARE = 0.07;
const PCO_VALIDATION_MEDIAN_DAYS = 6;
const PCO_VALIDATION_SIGMA = 0.8;
/** First assessment median 55 days after validation σ 0.5 (about 15 % beyond 3 months); synthesis median 150 days σ 0.3. */
const PCO_ASSESSMENT_MEDIAN_DAYS = 55;
const PCO_ASSESSMENT_SIGMA = 0.5;
const PCO_SYNTHESIS_MEDIAN_DAYS = 150;
const PCO_SYNTHESIS_SIGMA = 0.3;

const gauss = 'sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())';
const logNormalHours = (medianHours: number, sigma: number) =>
  `make_interval(secs => 3600 * exp(ln(${medianHours}) + ${sigma} * ${gauss}))`;
const cumulativeCase = (roll: string, entries: [string, number][]) =>
  `case ${entries.map(([value, upTo]) => `when ${roll} < ${upTo} then '${value}'`).join(' ')} else '${entries.at(-1)?.[0]}' end`;

function steps(size: GenerationSize): [string, string][] {
  const kinds = FACILITY_SLOTS.map((slot, index): [string, number] => [slot.kind, CASE_KIND_CUMULATIVE[index] ?? 1]);
  const slotOf = (kindColumn: string, field: 'start' | 'count') =>
    `case ${kindColumn} ${FACILITY_SLOTS.map((slot) => `when '${slot.kind}' then ${slot[field]}`).join(' ')} end`;
  const deps = `array[${benchDepartements.map((code) => `'${code}'`).join(',')}]`;
  return [
    [
      'établissements',
      `insert into facilities (id, name, kind, departement, commune, email, source, is_demo, search_text)
       select md5('bench-facility-' || s)::uuid, 'Établissement de banc ' || s,
         case ${FACILITY_SLOTS.map((slot) => `when s % ${FACILITIES_PER_DEPARTEMENT} < ${slot.start + slot.count} then '${slot.kind}'`).join(' ')} end,
         (${deps})[s / ${FACILITIES_PER_DEPARTEMENT} + 1], 'Commune de banc', 'bench@demo.parcours.local', 'bench', true,
         'etablissement de banc ' || s
       from generate_series(0, ${benchDepartements.length * FACILITIES_PER_DEPARTEMENT - 1}) s`,
    ],
    [
      'médecins',
      `insert into users (id, role, display_name, email)
       select md5('bench-user-' || s)::uuid, 'physician', 'Médecin de banc ' || s, 'bench-medecin-' || s || '@bench.parcours.local'
       from generate_series(0, ${benchDepartements.length * PHYSICIANS_PER_DEPARTEMENT - 1}) s`,
    ],
    [
      'tirage des demandes',
      `create unlogged table bench_cases as
       select i, md5('bench-case-' || i)::uuid as id, dep_idx, (${deps})[dep_idx + 1] as departement,
         ${cumulativeCase('kind_roll', kinds)} as kind, sent_at, 1 + ((i * 4) % 9) as task_count,
         floor(random() * 90)::int as base, random() as stall_roll, random() as choice_roll, random() as close_roll,
         md5('bench-user-' || (dep_idx * ${PHYSICIANS_PER_DEPARTEMENT} + floor(random() * ${PHYSICIANS_PER_DEPARTEMENT})::int))::uuid as requester_id
       from (
         select i, least(99, floor(100 * power(random(), ${DEPARTEMENT_SKEW}))::int) as dep_idx, random() as kind_roll,
           (select anchor from bench_anchor) - make_interval(secs => 86400 * ${HISTORY_DAYS} * random()) as sent_at
         from generate_series(1, ${size.cases}) i
       ) drawn`,
    ],
    [
      'tirage des demandes aux établissements',
      `create unlogged table bench_tasks as
       select c.id as referral_id, c.i, n, md5('bench-task-' || c.i || '-' || n)::uuid as id,
         md5('bench-facility-' || (c.dep_idx * ${FACILITIES_PER_DEPARTEMENT} + ${slotOf('c.kind', 'start')}
           + (c.base + n) % ${slotOf('c.kind', 'count')}))::uuid as facility_id,
         c.sent_at,
         case when random() < ${ANSWER_RATE} then c.sent_at + ${logNormalHours(ANSWER_MEDIAN_HOURS, ANSWER_SIGMA)} end as answer_at,
         random() as decision_roll, random() as reason_roll
       from bench_cases c, generate_series(1, c.task_count) n`,
    ],
    [
      'premières réponses',
      `create unlogged table bench_answers as
       select t.*, case when t.answer_at <= (select anchor from bench_anchor) then t.answer_at end as answered_at,
         case when decision_roll < ${ACCEPT_SHARE} then 'accepted'
           when decision_roll < ${ACCEPT_SHARE + WAITLIST_SHARE} then 'waitlisted' else 'refused' end as decision
       from bench_tasks t;
       drop table bench_tasks`,
    ],
    [
      'issue des demandes',
      `create unlogged table bench_outcomes as
       select c.*, a.first_accept_at, a.first_accept_task,
         case when a.first_accept_at is not null and c.choice_roll < ${CHOICE_RATE}
           then a.first_accept_at + ${logNormalHours(CHOICE_MEDIAN_HOURS, 0.5)} end as chose_at,
         ${logNormalHours(ADMISSION_MEDIAN_HOURS, ADMISSION_SIGMA)} as admission_delay
       from bench_cases c
       left join (
         select distinct on (referral_id) referral_id, answered_at as first_accept_at, id as first_accept_task
         from bench_answers where decision = 'accepted' and answered_at is not null
         order by referral_id, answered_at
       ) a on a.referral_id = c.id;
       drop table bench_cases;
       create unlogged table bench_case_facts as
       select o.*, case when o.chose_at <= anchor then o.chose_at end as chosen_at,
         case when o.chose_at + o.admission_delay <= anchor then o.chose_at + o.admission_delay end as admitted_at,
         o.sent_at > anchor - interval '${OPEN_DAYS} days' as young
       from bench_outcomes o, bench_anchor;
       drop table bench_outcomes;
       alter table bench_case_facts add primary key (id);
       create index on bench_answers (referral_id)`,
    ],
    [
      'dossiers en retard',
      `create unlogged table bench_stalls as
       select c.id as referral_id,
         jsonb_agg(mark order by mark->>'since') as marks
       from bench_case_facts c, bench_anchor,
       lateral (
         select jsonb_build_object('reason', 'facility_no_answer', 'party', 'facility', 'taskId', a.id::text,
             'since', to_char((a.sent_at + interval '${FACILITY_SILENCE_DAYS} days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) as mark
           from bench_answers a
           where a.referral_id = c.id and a.answered_at is null and a.sent_at < anchor - interval '${FACILITY_SILENCE_DAYS} days'
         union all
         select jsonb_build_object('reason', 'choice_pending', 'party', 'requester',
             'since', to_char((c.first_accept_at + interval '${CHOICE_PENDING_DAYS} days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           where c.chosen_at is null and c.first_accept_at < anchor - interval '${CHOICE_PENDING_DAYS} days'
       ) marks
       where c.young and c.chosen_at is null and c.stall_roll < ${STALL_SHARE}
       group by c.id;
       alter table bench_stalls add primary key (referral_id)`,
    ],
    [
      'demandes (referrals)',
      `insert into referrals (id, workflow_id, kind, status, requester_id, patient_last_name, patient_first_name,
         patient_birth_date, patient_sex, departement, rules_version, stalled, stalled_marks, version, created_at,
         updated_at, last_activity_at, closed_at, anonymised_at)
       select c.id, 'referral/' || c.id, c.kind,
         case when c.admitted_at is not null then 'admitted' when c.chosen_at is not null then 'facility_chosen'
           when c.young then 'sent' when c.close_roll < ${CANCELLED_SHARE} then 'cancelled' else 'archived' end,
         c.requester_id, 'BANC', 'Personne ' || c.i, date '1940-01-01' + (c.i % 9000), case when c.i % 2 = 0 then 'F' else 'M' end,
         c.departement, 3, s.referral_id is not null, coalesce(s.marks, '[]'::jsonb), 10, c.sent_at,
         coalesce(c.admitted_at, c.chosen_at, c.first_accept_at, c.sent_at), coalesce(c.admitted_at, c.chosen_at, c.first_accept_at, c.sent_at),
         case when c.admitted_at is not null then c.admitted_at when not c.young then c.sent_at + interval '${OPEN_DAYS} days' end,
         -- Closed more than a year ago: anonymised by retention, the row stays as statistics.
         case when not c.young and c.sent_at < anchor - interval '${365 + OPEN_DAYS} days' then c.sent_at + interval '${365 + OPEN_DAYS} days' end
       from bench_case_facts c cross join bench_anchor left join bench_stalls s on s.referral_id = c.id`,
    ],
    [
      'demandes aux établissements (facility_tasks)',
      `insert into facility_tasks (id, referral_id, facility_id, status, wave, version, sent_at, read_at, answered_at,
         accepted_at, waitlisted_at, refusal_reason, updated_at)
       select a.id, a.referral_id, a.facility_id,
         case
           when a.id = c.first_accept_task and c.admitted_at is not null then 'admitted'
           when a.id = c.first_accept_task and c.chosen_at is not null then 'chosen'
           when a.answered_at is not null and a.decision = 'refused' then 'refused'
           when not c.young or c.chosen_at is not null then 'cancelled'
           when a.answered_at is not null then a.decision
           when s.referral_id is null and a.sent_at < anchor - interval '${FACILITY_SILENCE_DAYS} days' then 'cancelled'
           when a.i % 3 = 0 then 'read'
           else 'sent'
         end,
         1, 5, a.sent_at, case when a.answered_at is not null or a.i % 3 = 0 then a.sent_at + interval '1 hour' end,
         a.answered_at,
         case when a.decision = 'accepted' then a.answered_at end,
         case when a.decision = 'waitlisted' then a.answered_at end,
         case when a.decision = 'refused' and a.answered_at is not null then ${cumulativeCase('a.reason_roll', REFUSAL_REASONS_CUMULATIVE)} end,
         coalesce(a.answered_at, a.sent_at)
       from bench_answers a join bench_case_facts c on c.id = a.referral_id cross join bench_anchor
       left join bench_stalls s on s.referral_id = a.referral_id`,
    ],
    [
      'admissions (referral_events)',
      `insert into referral_events (referral_id, seq, type, task_id, occurred_at)
       select id, 1, 'referral.sent', null, sent_at from bench_case_facts where admitted_at is not null
       union all
       select id, 2, 'task.admitted', first_accept_task, admitted_at from bench_case_facts where admitted_at is not null`,
    ],
    [
      'plateformes PCO',
      `insert into pco_platforms (id, name, departement, age_range, email, is_demo)
       select md5('bench-pco-' || s)::uuid, 'PCO TND de banc ' || code, code, '0-6', 'pco-bench@demo.parcours.local', true
       from unnest(${deps}) with ordinality as d(code, s)`,
    ],
    [
      'orientations PCO',
      `insert into pco_cases (id, requester_id, platform_id, age_range, child_last_name, child_first_name, child_birth_date,
         child_sex, departement, family, screening, status, refusal_reason, submitted_at, validated_at, first_assessment_at,
         synthesis_at, stalled, stalled_marks, version, updated_at, closed_at)
       select id, requester_id, platform_id, '0-6', 'BANC', 'Enfant ' || i, (submitted_at - interval '3 years')::date,
         case when i % 2 = 0 then 'F' else 'M' end, departement, '{}'::jsonb, '{}'::jsonb,
         case when refused then 'refused' when synthesis_at is not null then 'in_progress'
           when assessment_at is not null then 'in_progress' when validated_at is not null then 'validated' else 'submitted' end,
         case when refused then 'no_significant_gap' end, submitted_at, validated_at, assessment_at, synthesis_at,
         validated_at is null and not refused and submitted_at < anchor - interval '16 days',
         case when validated_at is null and not refused and submitted_at < anchor - interval '16 days'
           then jsonb_build_array(jsonb_build_object('reason', 'validation_overdue', 'since', submitted_at + interval '16 days'))
           else '[]'::jsonb end,
         5, coalesce(synthesis_at::timestamptz, assessment_at::timestamptz, validated_at, submitted_at), null
       from (
         select d.*, case when d.validate_at <= d.anchor and not d.refused then d.validate_at end as validated_at,
           case when d.validate_at + d.assessment_delay <= d.anchor and not d.refused then (d.validate_at + d.assessment_delay)::date end as assessment_at,
           case when d.validate_at + d.assessment_delay + d.synthesis_delay <= d.anchor and not d.refused
             then (d.validate_at + d.assessment_delay + d.synthesis_delay)::date end as synthesis_at
         from (
           select i, md5('bench-pco-case-' || i)::uuid as id, anchor, (${deps})[dep_idx + 1] as departement,
             md5('bench-pco-' || (dep_idx + 1))::uuid as platform_id,
             md5('bench-user-' || (dep_idx * ${PHYSICIANS_PER_DEPARTEMENT} + i % ${PHYSICIANS_PER_DEPARTEMENT}))::uuid as requester_id,
             submitted_at, random() < ${PCO_REFUSED_SHARE} as refused,
             submitted_at + ${logNormalHours(PCO_VALIDATION_MEDIAN_DAYS * 24, PCO_VALIDATION_SIGMA)} as validate_at,
             ${logNormalHours(PCO_ASSESSMENT_MEDIAN_DAYS * 24, PCO_ASSESSMENT_SIGMA)} as assessment_delay,
             ${logNormalHours(PCO_SYNTHESIS_MEDIAN_DAYS * 24, PCO_SYNTHESIS_SIGMA)} as synthesis_delay
           from (
             select i, anchor, least(99, floor(100 * power(random(), ${DEPARTEMENT_SKEW}))::int) as dep_idx,
               anchor - make_interval(secs => 86400 * ${HISTORY_DAYS} * random()) as submitted_at
             from generate_series(1, ${size.pcoCases}) i, bench_anchor
           ) base
         ) d
       ) p`,
    ],
    ['nettoyage', 'drop table bench_answers; drop table bench_case_facts; drop table bench_stalls'],
  ];
}

const loadedTables = [
  'facilities',
  'users',
  'referrals',
  'facility_tasks',
  'referral_events',
  'pco_platforms',
  'pco_cases',
];

export interface Generation {
  version: number;
  cases: number;
  tasks: number;
  pcoCases: number;
  /** The instant the data was generated against: "now" for its dates and stalls. */
  anchor: string;
  seconds: number;
  skipped: boolean;
}

/** Generates the volume in the database at `url` (a bench database), unless already there. */
export async function generateCases(
  url: string,
  size: GenerationSize = fullSize,
  log: (line: string) => void = console.log,
): Promise<Generation> {
  const client = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 0 });
  const started = performance.now();
  try {
    await client.unsafe(`create table if not exists bench_generation (
      name text primary key, version int not null, cases int not null, tasks int not null, pco_cases int not null,
      anchor timestamptz not null, seconds double precision not null, generated_at timestamptz not null default now())`);
    const [done] = await client<
      { version: number; cases: number; tasks: number; pco_cases: number; anchor: Date; seconds: number }[]
    >`
      select version, cases, tasks, pco_cases, anchor, seconds from bench_generation where name = 'coordination'`;
    if (done && done.version === generatorVersion && done.cases === size.cases && done.pco_cases === size.pcoCases) {
      log(`Données déjà générées (version ${done.version}, ${done.cases} demandes) : rien à refaire.`);
      return {
        version: done.version,
        cases: done.cases,
        tasks: done.tasks,
        pcoCases: done.pco_cases,
        anchor: done.anchor.toISOString(),
        seconds: done.seconds,
        skipped: true,
      };
    }
    await client.unsafe(`
      truncate bench_generation, referral_events, facility_tasks, referrals, pco_events, pco_cases, pco_platforms,
        facility_answer_stats, facility_units, facility_memberships, facilities, users cascade;
      drop table if exists bench_anchor, bench_cases, bench_tasks, bench_answers, bench_outcomes, bench_case_facts, bench_stalls;
      set session_replication_role = replica;
      set synchronous_commit = off;
      set work_mem = '256MB';
      set maintenance_work_mem = '512MB';
      set max_parallel_workers_per_gather = 0;
      create unlogged table bench_anchor as select date_trunc('hour', now()) as anchor;
      select setseed(0.20261202)`);
    // Secondary indexes are built once at the end (the migrations' own definitions), not row by row.
    const secondary = await client<{ name: string; definition: string }[]>`
      select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ${client(loadedTables)}
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
    for (const index of secondary) await client.unsafe(`drop index "${index.name}"`);
    try {
      for (const [label, statement] of steps(size)) {
        const t0 = performance.now();
        await client.unsafe(statement);
        log(`  ${label} : ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    } finally {
      const t0 = performance.now();
      for (const index of secondary) {
        await client.unsafe(index.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
      }
      log(`  index (${secondary.length}) : ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const t1 = performance.now();
    // VACUUM sets the visibility map too: the observatory reads its index alone (index-only scans).
    for (const table of loadedTables) await client.unsafe(`vacuum (analyze) ${table}`);
    log(`  VACUUM (ANALYZE) : ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const [counts] = await client<{ cases: number; tasks: number; pco: number; anchor: Date }[]>`
      select (select count(*)::int from referrals) as cases, (select count(*)::int from facility_tasks) as tasks,
        (select count(*)::int from pco_cases) as pco, (select anchor from bench_anchor) as anchor`;
    const seconds = (performance.now() - started) / 1000;
    await client`
      insert into bench_generation (name, version, cases, tasks, pco_cases, anchor, seconds)
      values ('coordination', ${generatorVersion}, ${counts?.cases ?? 0}, ${counts?.tasks ?? 0}, ${counts?.pco ?? 0},
        ${counts?.anchor ?? new Date()}, ${seconds})`;
    await client.unsafe('drop table bench_anchor; set session_replication_role = origin');
    return {
      version: generatorVersion,
      cases: counts?.cases ?? 0,
      tasks: counts?.tasks ?? 0,
      pcoCases: counts?.pco ?? 0,
      anchor: (counts?.anchor ?? new Date()).toISOString(),
      seconds,
      skipped: false,
    };
  } finally {
    await client.end();
  }
}
