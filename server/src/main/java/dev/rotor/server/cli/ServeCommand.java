package dev.rotor.server.cli;

import dev.rotor.core.store.Stores;
import dev.rotor.server.Rotor;
import dev.rotor.server.config.Settings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rotor serve}: opens the store and keys, starts Rotor, and stops it on SIGTERM/SIGINT. */
@Command(name = "serve", description = "Run the server.")
final class ServeCommand implements Runnable {

    @Mixin
    Cli.StoreOptions store = new Cli.StoreOptions();

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on. Default 127.0.0.1")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port. Default 8080")
    String port;

    private final Cli cli;

    ServeCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        Map<String, String> flags = new HashMap<>();
        flags.put("ROTOR_HOST", host);
        flags.put("ROTOR_PORT", port);
        Settings settings = cli.settings(store, flags);
        Stores stores = cli.backend.open(settings);
        Rotor rotor;
        try {
            Backend.Keys keys = cli.backend.keys(settings, stores);
            rotor = Rotor.start(new Rotor.Parts(settings, Clock.systemUTC(), stores, keys, cli.backend.passwords(),
                    cli.backend.successorKey(settings), stores));
        } catch (RuntimeException e) {
            stores.close(); // e.g. the PostgreSQL pool's threads, so that the process can exit with its error
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(rotor::close, "rotor-shutdown"));
        cli.out.println("rotor listening on " + Settings.authority(settings.host(), rotor.port()));
    }
}
