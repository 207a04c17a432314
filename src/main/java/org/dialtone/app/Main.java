package org.dialtone.app;

import java.nio.file.Path;
import org.dialtone.app.config.ConfigException;
import org.dialtone.app.config.ConfigLoader;
import org.dialtone.app.config.DialtoneConfig;

/**
 * Starts Dialtone: {@code java -jar dialtone.jar [--config dialtone.yaml]} (or {@code DIALTONE_CONFIG}). Exit status:
 * 2 invalid configuration, 1 could not start, {@link ProcessGuard#EXIT_STATUS} a fatal failure while running (out of
 * memory, a vital thread died), 143 stopped by SIGTERM.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        DialtoneConfig cfg;
        try {
            Path file = ConfigLoader.resolvePath(args, System.getenv());
            cfg = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println("dialtone: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        ProcessGuard guard = ProcessGuard.install(); // from here on, an OutOfMemoryError ends the process
        Dialtone dialtone;
        try {
            dialtone = Dialtone.start(cfg, System.out);
        } catch (Exception e) {
            // e.g. a port in use: say so and exit, rather than leave a half-started JVM that a supervisor sees as up
            System.err.println("dialtone: could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            guard.close();
            dialtone.close();
        }, "shutdown"));
        guard.watch(dialtone.vitals());
    }
}
