package org.dialtone.app;

import java.nio.file.Path;
import org.dialtone.app.config.ConfigException;
import org.dialtone.app.config.ConfigLoader;
import org.dialtone.app.config.DialtoneConfig;

/** Starts Dialtone: {@code java -jar dialtone.jar [--config dialtone.yaml]} (or {@code DIALTONE_CONFIG}). */
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
        Runtime.getRuntime().addShutdownHook(new Thread(dialtone::close, "shutdown"));
    }
}
