package dev.faas.controller.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka half of {@code bench/async/run.sh kafka}. {@code broker <topic> <partitions> <ready-file>} runs the
 * tests' in-process KRaft broker with the topic and writes its bootstrap address to the file once ready (runs until
 * killed). {@code produce <bootstrap> <topic> <count> <group>} produces {@code count} messages and waits until the
 * function's consumer group has committed all of them — offsets are committed only after the function answered —
 * then prints the end-to-end rate.
 */
public final class KafkaTriggerBench {
    private KafkaTriggerBench() {
    }

    /** Entry point; see the class comment for the two modes. */
    public static void main(String[] args) throws Exception {
        KafkaBroker.quietLogs(); // the clients log every config at INFO; stdout carries the result
        if (args.length == 4 && args[0].equals("broker")) {
            broker(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        } else if (args.length == 5 && args[0].equals("produce")) {
            produce(args[1], args[2], Integer.parseInt(args[3]), args[4]);
        } else {
            System.err.println("usage: KafkaTriggerBench broker <topic> <partitions> <ready-file>\n"
                    + "       KafkaTriggerBench produce <bootstrap> <topic> <count> <group>");
            System.exit(2);
        }
    }

    private static void broker(String topic, int partitions, Path ready) throws Exception {
        KafkaBroker broker = KafkaBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        broker.createTopic(topic, partitions);
        Path temp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(temp, broker.bootstrapServers());
        Files.move(temp, ready);
        Thread.currentThread().join();
    }

    private static void produce(String bootstrap, String topic, int count, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            produce(admin, bootstrap, topic, count, group);
        }
    }

    private static void produce(Admin admin, String bootstrap, String topic, int count, String group)
            throws Exception {
        long before = committed(admin, group);
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "message-" + start + "-" + i));
            }
            producer.flush();
        }
        long produced = System.nanoTime();
        long deadline = produced + TimeUnit.MINUTES.toNanos(5);
        long done;
        while ((done = committed(admin, group)) - before < count) {
            if (System.nanoTime() > deadline) {
                System.err.printf("kafka bench: only %d of %d messages committed by group %s after 5 minutes%n",
                        done - before, count, group);
                System.exit(1);
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d %.2f %.1f %.2f%n", count, seconds, count / seconds, (produced - start) / 1e9);
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
