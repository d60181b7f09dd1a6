package dev.leti.deploy.dashboards;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names the services expose, as Prometheus renders them (dots become underscores,
 * counters end in _total, timers in _seconds_count/_sum/_max and _bucket where a histogram is
 * published, distribution summaries in _count/_sum/_max, base units are appended).
 * The leti.* meters are the ones each service registers at startup (see the README's metric table);
 * the rest are bound by Spring Boot in every service. Checked against real scrapes by
 * {@link DashboardQueriesReturnDataTest}.
 */
final class DeclaredMetrics {

    /** The leti.* series each service lists on /actuator/prometheus before doing any work. */
    static final Map<String, Set<String>> LETI_BY_SERVICE = Map.of(
            "orchestrator-service", Set.of(
                    "leti_runs_active", "leti_runs_total", "leti_iterations_completed_total",
                    "leti_samples_recorded_total", "leti_execution_outcomes_total",
                    "leti_stage_duration_seconds_count", "leti_stage_duration_seconds_sum", "leti_stage_duration_seconds_max",
                    "leti_dead_letters"),
            "generator-service", Set.of(
                    "leti_generation_tokens_total", "leti_generation_samples_total", "leti_generation_tokens_per_second",
                    "leti_generation_batch_fill_count", "leti_generation_batch_fill_sum", "leti_generation_batch_fill_max",
                    "leti_generation_queue_depth",
                    "leti_generation_model_load_seconds_count", "leti_generation_model_load_seconds_sum",
                    "leti_generation_model_load_seconds_max"),
            "executor-service", Set.of(
                    "leti_executions_total", "leti_executor_pool_utilization", "leti_executor_queue_depth",
                    "leti_execution_duration_seconds_count", "leti_execution_duration_seconds_sum",
                    "leti_execution_duration_seconds_max", "leti_execution_duration_seconds_bucket"),
            "trainer-service", Set.of(
                    "leti_training_loss", "leti_training_tokens_total", "leti_training_tokens_per_second",
                    "leti_training_step_duration_seconds_count", "leti_training_step_duration_seconds_sum",
                    "leti_training_step_duration_seconds_max", "leti_training_memory_rss_bytes", "leti_training_jobs_total"));

    /** leti.* series that exist only once there is something to report (tagged per run). */
    static final Set<String> LETI_PER_RUN = Set.of("leti_evaluation_pass_at_k", "leti_iteration_progress");

    /** JVM, process, HTTP and Kafka client metrics Spring Boot binds in every service. */
    static final Set<String> PLATFORM = Set.of(
            "jvm_info", "jvm_memory_used_bytes", "jvm_threads_live_threads",
            "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max",
            "process_cpu_usage", "process_uptime_seconds",
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_max",
            "kafka_consumer_fetch_manager_records_lag", "kafka_consumer_fetch_manager_records_lag_max",
            "kafka_consumer_fetch_manager_records_consumed_rate", "kafka_producer_record_send_rate",
            "spring_kafka_listener_seconds_count", "spring_kafka_listener_seconds_sum", "spring_kafka_listener_seconds_max",
            "spring_kafka_template_seconds_count", "spring_kafka_template_seconds_sum", "spring_kafka_template_seconds_max");

    private DeclaredMetrics() {
    }

    static Set<String> all() {
        Set<String> all = new TreeSet<>(PLATFORM);
        all.addAll(LETI_PER_RUN);
        LETI_BY_SERVICE.values().forEach(all::addAll);
        return all;
    }
}
