-- A comparison: runs from the same spec that differ only in feedback mode.
create table comparisons (
    id         uuid primary key,
    spec       jsonb       not null,
    created_at timestamptz not null
);

create table runs (
    id                uuid primary key,
    name              text,
    comparison_id     uuid references comparisons (id),
    feedback_mode     text        not null,
    spec              jsonb       not null,
    state             text        not null,
    current_iteration int         not null,
    failure_reason    text,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    finished_at       timestamptz
);
create index runs_by_state on runs (state);
create index runs_by_created on runs (created_at desc);
create index runs_by_comparison on runs (comparison_id);

-- The run's problems, frozen at creation: problem_key is unique within the run and is the
-- problem id the messages carry; problem_set is 'train' or an evaluation set's name.
create table problems (
    run_id      uuid not null references runs (id) on delete cascade,
    problem_key text not null,
    problem_set text not null,
    task_id     text not null,
    position    int  not null,
    format      text not null,
    prompt      text not null,
    tests       text not null,
    setup_code  text not null,
    entry_point text not null,
    primary key (run_id, problem_key)
);
create index problems_by_set on problems (run_id, problem_set, position);

-- Iteration 0 evaluates the base checkpoint; iteration n >= 1 trains and evaluates.
create table iterations (
    run_id            uuid        not null references runs (id) on delete cascade,
    number            int         not null,
    stage             text        not null,
    sample_checkpoint text        not null,
    eval_checkpoint   text,
    started_at        timestamptz not null,
    finished_at       timestamptz,
    primary key (run_id, number)
);

create table stage_timings (
    run_id      uuid        not null references runs (id) on delete cascade,
    iteration   int         not null,
    stage       text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    primary key (run_id, iteration, stage)
);

create table generation_requests (
    request_id       uuid primary key,
    run_id           uuid        not null references runs (id) on delete cascade,
    iteration        int         not null,
    purpose          text        not null,
    expected_samples int         not null,
    payload          jsonb       not null,
    attempts         int         not null,
    last_attempt_at  timestamptz not null,
    failure          text
);
create index generation_requests_by_stage on generation_requests (run_id, iteration, purpose);

-- Keyed by the deterministic sample id: a redelivered sample is not stored twice.
create table samples (
    sample_id         uuid primary key,
    request_id        uuid        not null,
    run_id            uuid        not null references runs (id) on delete cascade,
    iteration         int         not null,
    purpose           text        not null,
    problem_key       text        not null,
    sample_index      int         not null,
    checkpoint_uri    text,
    prompt            text        not null,
    completion        text        not null,
    prompt_tokens     int         not null,
    completion_tokens int         not null,
    finish_reason     text,
    generated_at      timestamptz,
    recorded_at       timestamptz not null
);
create index samples_by_stage on samples (run_id, iteration, purpose);

-- A result may arrive before its sample (separate topics), so no foreign key to samples.
create table execution_results (
    sample_id        uuid primary key,
    run_id           uuid        not null references runs (id) on delete cascade,
    iteration        int         not null,
    purpose          text        not null,
    problem_key      text        not null,
    outcome          text        not null,
    exception_type   text,
    feedback         text        not null,
    stdout           text        not null,
    stderr           text        not null,
    duration_millis  bigint      not null,
    backend          text,
    finished_at      timestamptz,
    recorded_at      timestamptz not null
);
create index execution_results_by_stage on execution_results (run_id, iteration, purpose);

create table training_jobs (
    job_id            uuid primary key,
    run_id            uuid        not null references runs (id) on delete cascade,
    iteration         int         not null,
    status            text        not null,
    payload           jsonb       not null,
    examples          int         not null,
    dataset_uri       text        not null,
    dataset_sha256    text        not null,
    step              int         not null default 0,
    total_steps       int         not null default 0,
    loss              double precision,
    tokens_per_second double precision,
    initial_loss      double precision,
    final_loss        double precision,
    trained_tokens    bigint,
    duration_millis   bigint,
    error             text,
    attempts          int         not null,
    last_attempt_at   timestamptz not null,
    updated_at        timestamptz not null,
    unique (run_id, iteration)
);

create table checkpoints (
    run_id     uuid        not null references runs (id) on delete cascade,
    iteration  int         not null,
    uri        text        not null,
    sha256     text,
    created_at timestamptz not null,
    primary key (run_id, iteration)
);

-- pass@k per iteration and evaluation set.
create table evaluations (
    run_id              uuid             not null references runs (id) on delete cascade,
    iteration           int              not null,
    split               text             not null,
    k                   int              not null,
    pass_at_k           double precision not null,
    problems            int              not null,
    samples_per_problem int              not null,
    primary key (run_id, iteration, split, k)
);

-- Transactional outbox: written in the transaction of the state change that causes the
-- message, published and marked by the relay (at least once; consumers deduplicate).
create table outbox (
    id          bigserial primary key,
    run_id      uuid,
    topic       text        not null,
    message_key text        not null,
    type_id     text        not null,
    payload     jsonb       not null,
    created_at  timestamptz not null,
    sent_at     timestamptz
);
create index outbox_pending on outbox (id) where sent_at is null;
