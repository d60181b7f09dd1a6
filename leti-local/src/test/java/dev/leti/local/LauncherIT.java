package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user runs it: start, stop (SIGTERM, as Ctrl-C), start again, kill -9. */
class LauncherIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final String TOPIC = "leti.launcher-it.v1";

    @TempDir
    Path temp;

    /**
     * The infrastructure alone (no services: fast): a clean stop stops PostgreSQL, a restart finds the
     * broker's records and the database's rows without formatting anything again, and after a kill -9
     * the database server goes too. {@link LetiLoopIT} checks that no service JVM survives a kill -9.
     */
    @Test
    void aRestartKeepsTheDataAndKillMinusNineLeavesNoDatabaseServerBehind() throws Exception {
        LauncherProcess launcher = new LauncherProcess(temp.resolve("stack"));
        launcher.start("up", "--services", "none").awaitConsole("leti-local is up", START);
        String clusterId = Files.readString(launcher.workdir.resolve("kafka/meta.properties"));
        produce(launcher, "kept", "across restarts");
        sql(launcher, "CREATE TABLE kept (note text)", "INSERT INTO kept VALUES ('across restarts')");

        launcher.stop(Duration.ofSeconds(60));
        assertThat(launcher.console()).contains("leti-local: stopped; data kept under");
        assertThat(launcher.postmasterPid()).as("a clean stop stops PostgreSQL").isEmpty();

        launcher.start("up", "--services", "none").awaitConsole("leti-local is up", START);
        assertThat(Files.readString(launcher.workdir.resolve("kafka/meta.properties")))
                .as("the log directory is not formatted again").isEqualTo(clusterId);
        assertThat(consumeAll(launcher)).containsExactly("kept=across restarts");
        assertThat(query(launcher, "SELECT note FROM kept")).containsExactly("across restarts");

        long postmaster = launcher.postmasterPid().orElseThrow();
        launcher.kill9();
        await().atMost(Duration.ofSeconds(30)).until(() -> !LauncherProcess.alive(postmaster));
    }

    private static void produce(LauncherProcess launcher, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, launcher.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    private static List<String> consumeAll(LauncherProcess launcher) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, launcher.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "launcher-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key() + "=" + record.value());
                }
                return !seen.isEmpty();
            });
        }
        return seen;
    }

    private static void sql(LauncherProcess launcher, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(launcher.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> query(LauncherProcess launcher, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(launcher.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
