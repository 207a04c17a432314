package org.dialtone.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP load driver: request {@code i} is due at {@code start + i / rate}, is sent then whether or not
 * earlier ones have been answered, and its latency is measured from when it was due, not from when it was sent. A
 * server (or client) that stalls therefore shows its stall in the latency of every request that should have gone out
 * meanwhile, instead of hiding it by sending less (coordinated omission).
 *
 * <p>Usage: {@code ApiLatency URL TOKEN RATE SECONDS WARMUP_SECONDS LABEL [JSON_BODY]}; with a body it POSTs JSON, else
 * it GETs. Prints one Markdown table row: label, requests, rate achieved, status counts, errors, p50/p90/p99/p99.9/max
 * in ms. The warm-up requests (same rate) are not recorded.
 */
public final class ApiLatency {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String token = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmupSeconds = Integer.parseInt(args[4]);
        String label = args[5];
        String body = args.length > 6 ? args[6] : null;

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
        HttpRequest request = body == null ? builder.GET().build()
                : builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

        run(client, request, rate, warmupSeconds, null);
        Result result = run(client, request, rate, seconds, label);
        System.out.println(result.row);
        System.exit(0);
    }

    record Result(String row) {}

    static Result run(HttpClient client, HttpRequest request, int rate, int seconds, String label) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger recorded = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        CountDownLatch done = new CountDownLatch(total);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                long latency = System.nanoTime() - due;
                if (failure != null) {
                    errors.increment();
                } else {
                    statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                }
                latencies[recorded.getAndIncrement()] = latency;
                done.countDown();
            });
        }
        long sentNanos = System.nanoTime() - start;
        if (!done.await(60, TimeUnit.SECONDS)) errors.add(done.getCount());
        if (label == null) return null;
        Percentiles p = new Percentiles(latencies, recorded.get());
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, n) -> byStatus.put(status, n.sum()));
        double achieved = total / (sentNanos / 1e9);
        return new Result(String.format(java.util.Locale.ROOT, "| %s | %d | %.0f | %s | %d | %s |", label, total, achieved,
                byStatus.toString().replace("=", ": "), errors.sum(), p.millisRow()));
    }
}
