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
        Dialtone dialtone = Dialtone.start(cfg, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(dialtone::close, "shutdown"));
    }
}
