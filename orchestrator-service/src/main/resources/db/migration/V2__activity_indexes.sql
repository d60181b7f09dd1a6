-- Stall detection looks at the latest sample and result of any run (a busy worker is not a stalled one).
create index samples_by_recorded on samples (recorded_at);
create index execution_results_by_recorded on execution_results (recorded_at);
