package org.dialtone.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Event delivery from the switch's core to many SSE subscribers. Opens {@code SUBSCRIBERS} streams on
 * {@code /v1.0/events/sse/chan} (one HTTP/1.1 connection each, read line by line on a virtual thread), waits until
 * every stream has sent its first line, then makes real calls produce events: {@code ORIGINATES} originates at
 * {@code RATE} per second of {@code {"extension_number": FROM, "number": TO}}, where {@code FROM} has no registered
 * device, so each originate's channel is created and fails at once in the core, publishing its events (the same
 * {@code EventBus} → {@code EventFanout} → stream path as any call). Each subscriber's delay for each event is its
 * receipt time minus the event's {@code event_time} (both wall-clock milliseconds on this machine, so 1 ms resolution).
 *
 * <p>Usage: {@code SseDelivery BASE_URL TOKEN SUBSCRIBERS ORIGINATES RATE FROM TO}. Prints a Markdown table row.
 */
public final class SseDelivery {
    private static final Pattern EVENT_TIME = Pattern.compile("\"event_time\":([0-9.]+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int subscribers = Integer.parseInt(args[2]);
        int originates = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        String body = "{\"extension_number\":\"" + args[5] + "\",\"number\":\"" + args[6] + "\"}";

        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        int capacity = 20_000_000;
        long[] delays = new long[capacity];
        AtomicInteger recorded = new AtomicInteger();
        LongAdder ended = new LongAdder();
        LongAdder refused = new LongAdder();
        CountDownLatch open = new CountDownLatch(subscribers);
        List<AtomicInteger> perSubscriber = new ArrayList<>();
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create(base + "/v1.0/events/sse/chan"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        long connectStart = System.nanoTime();
        for (int s = 0; s < subscribers; s++) {
            AtomicInteger received = new AtomicInteger();
            perSubscriber.add(received);
            threads.submit(() -> {
                boolean counted = false;
                try {
                    HttpResponse<Stream<String>> response = client.send(subscribe, HttpResponse.BodyHandlers.ofLines());
                    if (response.statusCode() != 200) {
                        refused.increment();
                        open.countDown();
                        return null;
                    }
                    try (Stream<String> lines = response.body()) {
                        for (String line : (Iterable<String>) lines::iterator) {
                            if (!counted) {
                                counted = true;
                                open.countDown();
                            }
                            if (!line.startsWith("data:")) continue;
                            long now = System.currentTimeMillis();
                            Matcher m = EVENT_TIME.matcher(line);
                            if (!m.find()) continue;
                            long eventMillis = Math.round(Double.parseDouble(m.group(1)) * 1000);
                            int i = recorded.getAndIncrement();
                            if (i < capacity) delays[i] = TimeUnit.MILLISECONDS.toNanos(now - eventMillis);
                            received.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    // counted below as an ended stream
                } finally {
                    if (!counted) open.countDown();
                    ended.increment();
                }
                return null;
            });
        }
        if (!open.await(120, TimeUnit.SECONDS)) {
            System.err.println("only " + (subscribers - open.getCount()) + " streams opened");
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        System.err.printf(Locale.ROOT, "%d streams open in %.1f s (%d refused, %d ended)%n", subscribers - refused.sum()
                - ended.sum(), connectSeconds, refused.sum(), ended.sum());

        HttpRequest originate = HttpRequest.newBuilder(URI.create(base + "/v1.0/action/chan/originate"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpClient actions = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        LongAdder originateOk = new LongAdder();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < originates; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            sent.add(actions.sendAsync(originate, HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> { if (r.statusCode() == 200) originateOk.increment(); }));
        }
        for (var f : sent) f.exceptionally(e -> null).join();

        int last = -1;
        while (recorded.get() != last) { // until nothing arrived for 3 s
            last = recorded.get();
            Thread.sleep(3000);
        }
        int streams = subscribers - (int) refused.sum();
        int events = perSubscriber.stream().mapToInt(AtomicInteger::get).max().orElse(0);
        long complete = perSubscriber.stream().filter(r -> r.get() == events).count();
        Percentiles p = new Percentiles(delays, Math.min(recorded.get(), capacity));
        System.out.printf(Locale.ROOT, "| %d | %d | %d/s | %d | %d | %d | %d | %s |%n", streams, originateOk.sum(), rate,
                events, p.count(), complete, ended.sum(), p.millisRow());
        System.exit(0);
    }
}
