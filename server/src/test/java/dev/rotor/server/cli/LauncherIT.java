package dev.rotor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rotor.server.http.support.ServeProcesses;
import dev.rotor.server.multinode.SharedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./rotor} launcher's class-data sharing, as an operator gets it: a server writes an archive of the
 * classes it loaded, and the next launch on the same JDK maps it. One archive per JDK, so that a start on one JDK
 * never finds another's (JDK 25 then ran with no sharing at all and could not replace the file). On JDK 25+ the
 * archive is an AOT cache written under the server's PID at stop and adopted by the next launch. And the launcher's
 * own build: one that did not finish is done again rather than its partial jar run.
 *
 * <p>Runs a copy of the launcher beside a copy of the shaded jar in a temporary directory, so the checkout's own
 * archives are not touched, with the test's JDK and with a JDK 25+ found under /usr/lib/jvm.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LauncherIT {

    private static final Pattern ARCHIVE_OPTION =
            Pattern.compile("-XX:(AOTCacheOutput|AOTCache|SharedArchiveFile|ArchiveClassesAtExit)=(\\S+)");

    private static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path home;

    private final Path jar = Path.of(System.getProperty("rotor.jar", "target/rotor.jar")).toAbsolutePath();
    private Process server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void serveWhenTwoJdksRunInTurnThenEachKeepsAndMapsItsOwnArchive() throws Exception {
        Path jdk25 = jdk25OrNewer().orElse(null);
        assumeTrue(jdk25 != null, "no JDK 25 or newer under /usr/lib/jvm to run the launcher's AOT-cache path with");
        Path launcher = installLauncher();
        Path testJdk = Path.of(System.getProperty("java.home"));

        Path testJdkArchive = runTwiceAndCheckTheSecondRunMapsTheArchive(launcher, testJdk);
        runTwiceAndCheckTheSecondRunMapsTheArchive(launcher, jdk25);

        // The other JDK's runs must have left this one's archive in place and usable.
        server = serve(launcher, testJdk);
        Matcher option = archiveOption(server.pid());
        assertThat(option.group(1)).isIn("AOTCache", "SharedArchiveFile");
        assertThat(option.group(2)).isEqualTo(testJdkArchive.toString());
        assertThat(mappedFiles(server.pid())).contains(testJdkArchive.toString());
        stop();
    }

    @Test
    void serveOnJdk25WhenTheFirstServerStopsThenItsCacheIsWrittenUnderItsPidAndTheNextLaunchAdoptsIt()
            throws Exception {
        Path jdk25 = jdk25OrNewer().orElse(null);
        assumeTrue(jdk25 != null, "no JDK 25 or newer under /usr/lib/jvm");
        Path launcher = installLauncher();

        server = serve(launcher, jdk25);
        long firstPid = server.pid();
        Path written = archiveOption(firstPid, "AOTCacheOutput");
        assertThat(written.getFileName().toString()).endsWith(".aot." + firstPid);
        stop();
        assertThat(written).as("the cache the first server wrote when it stopped").exists();

        server = serve(launcher, jdk25);
        Path adopted = archiveOption(server.pid(), "AOTCache");
        assertThat(adopted.getFileName().toString()).isEqualTo(
                written.getFileName().toString().replace(".aot." + firstPid, ".aot"));
        assertThat(written).as("moved into place, not copied").doesNotExist();
        assertThat(mappedFiles(server.pid())).contains(adopted.toString());
        stop();
    }

    @Test
    void serveWhenTheStoreIsPostgresThenItRecordsAndMapsAnArchiveOfItsOwn() throws Exception {
        Path launcher = installLauncher();
        Path jdk = Path.of(System.getProperty("java.home"));
        Path sqliteArchive = runTwiceAndCheckTheSecondRunMapsTheArchive(launcher, jdk);
        try (SharedPostgres pg = SharedPostgres.create()) {
            // Read from a settings file, as the launcher finds it there too (and in --store and ROTOR_STORE_URL).
            Path settings = Files.writeString(home.resolve("rotor.conf"), "ROTOR_STORE_URL = " + pg.storeUrl() + "\n");
            Path pgArchive = runTwiceAndCheckTheSecondRunMapsTheArchive(launcher, jdk, "--config", settings.toString());
            assertThat(pgArchive.getFileName().toString()).contains("-postgres");
            assertThat(sqliteArchive.getFileName().toString()).contains("-sqlite");
            assertThat(sqliteArchive).as("the SQLite server's archive, untouched").exists();
        }
    }

    @Test
    void serveWhenSqlitesLibraryIsUnpackedBesideTheJarThenTheServerLoadsThatCopy() throws Exception {
        // The build unpacks it (server/pom.xml, sqlite-native) so that no start copies it out of the jar first.
        Path unpacked = jar.getParent().resolve("sqlite-native");
        assertThat(unpacked).as("unpacked by mvn package").isDirectory();
        Path launcher = installLauncher();
        Path installed = home.resolve("server/target/sqlite-native");
        try (Stream<Path> files = Files.walk(unpacked)) {
            for (Path from : files.toList()) {
                Files.copy(from, installed.resolve(unpacked.relativize(from).toString()));
            }
        }

        server = serve(launcher, Path.of(System.getProperty("java.home")));
        assertThat(mappedFiles(server.pid())).as("native libraries the server mapped")
                .anyMatch(file -> file.startsWith(installed + "/") && file.endsWith("/libsqlitejdbc.so"));
        stop();
    }

    @Test
    void serveWhenItsPropertiesAreNotAskedForThenNettyJfrEventsAreOffAndSlf4jPrintsNoStartupNotice() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        server = serve(installLauncher(), jdk);
        Process jcmd = new ProcessBuilder(jdk.resolve("bin/jcmd").toString(), Long.toString(server.pid()),
                "VM.system_properties").redirectErrorStream(true).start();
        String properties = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor()).as("jcmd: %s", properties).isZero();
        assertThat(properties).contains("io.netty.jfr.enabled=false").contains("slf4j.internal.verbosity=ERROR");
        assertThat(logText()).doesNotContain("SLF4J(");
        stop();
    }

    /** Two launches on one JDK; answers the archive that the second maps. */
    private Path runTwiceAndCheckTheSecondRunMapsTheArchive(Path launcher, Path jdk, String... args) throws Exception {
        server = serve(launcher, jdk, args);
        stop(); // the first run writes the archive as it stops
        server = serve(launcher, jdk, args);
        Matcher option = archiveOption(server.pid());
        assertThat(option.group(1)).as("the second run on %s reads an archive", jdk)
                .isIn("AOTCache", "SharedArchiveFile");
        Path archive = Path.of(option.group(2));
        assertThat(mappedFiles(server.pid())).as("class data mapped from %s", archive).contains(archive.toString());
        stop();
        return archive;
    }

    @Test
    void launchWhenTheLastBuildDidNotFinishThenItBuildsAgainInsteadOfRunningThePartialJar() throws Exception {
        Path launcher = installLauncher();
        Files.delete(home.resolve("server/target/rotor.jar"));
        Path bin = Files.createDirectories(home.resolve("fake-maven"));
        // A build stopped while it writes the jar (Ctrl-C, a timeout): part of a jar, newer than every source.
        fakeMaven(bin, "printf 'PK partial' > server/target/rotor.jar; exit 130");
        assertThat(launch(launcher, bin).exitValue()).isNotZero();
        assertThat(builds()).isEqualTo(1);

        fakeMaven(bin, "cp '" + jar + "' server/target/rotor.jar");
        Process rebuilt = launch(launcher, bin);
        assertThat(rebuilt.exitValue()).as(logText()).isZero();
        assertThat(builds()).as("the second launch built again").isEqualTo(2);

        Process next = launch(launcher, bin);
        assertThat(next.exitValue()).as(logText()).isZero();
        assertThat(builds()).as("a finished build is not built again").isEqualTo(2);
    }

    @Test
    void launchWhenTwoLaunchersFindTheJarStaleAtOnceThenOneBuildsAndBothRun() throws Exception {
        Path launcher = installLauncher();
        Files.delete(home.resolve("server/target/rotor.jar"));
        Path bin = Files.createDirectories(home.resolve("fake-maven"));
        // Slow enough that the second launcher finds the jar missing while the first one builds it.
        fakeMaven(bin, "echo build >> builds.txt; sleep 2; cp '" + jar + "' server/target/rotor.jar");
        Process first = startLaunch(launcher, bin);
        Process second = startLaunch(launcher, bin);
        for (Process p : List.of(first, second)) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("rotor --help ended: %s", logText()).isTrue();
            assertThat(p.exitValue()).as(logText()).isZero();
        }
        assertThat(Files.readAllLines(home.resolve("builds.txt"))).as("Maven runs").hasSize(1);
    }

    @Test
    void versionThenTheVersionTheBuildWroteIntoTheJar() throws Exception {
        Process p = launch(installLauncher(), home, "--version");
        assertThat(p.exitValue()).as(logText()).isZero();
        assertThat(logText()).isEqualTo("rotor " + System.getProperty("rotor.version") + System.lineSeparator());
    }

    /** How many launches so far said they build the jar. */
    private int builds() {
        return logText().split("rotor: building", -1).length - 1;
    }

    /** A {@code mvn} first on the launcher's PATH that runs {@code script} in the launcher's directory. */
    private static void fakeMaven(Path bin, String script) throws IOException {
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n" + script + "\n");
        assertThat(mvn.toFile().setExecutable(true)).isTrue();
    }

    /** {@code rotor ARGS} ({@code --help} without any) with {@code bin} first on the PATH, its output appended to the
     * log; waits for its end. */
    private Process launch(Path launcher, Path bin, String... args) throws Exception {
        Process p = startLaunch(launcher, bin, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("rotor ended: %s", logText()).isTrue();
        return p;
    }

    private Process startLaunch(Path launcher, Path bin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args.length == 0 ? List.of("--help") : List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":"
                + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        return pb.start();
    }

    private Path installLauncher() throws IOException {
        Path target = Files.createDirectories(home.resolve("server/target"));
        Files.copy(jar, target.resolve("rotor.jar"));
        Path launcher = home.resolve("rotor");
        Files.copy(jar.getParent().getParent().getParent().resolve("rotor"), launcher);
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        return launcher;
    }

    private Process serve(Path launcher, Path jdk, String... args) throws Exception {
        int port = ServeProcesses.freePort();
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "serve", "--data",
                home.resolve("data").toString(), "--port", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        Stream.of("ROTOR_CDS", "ROTOR_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "ROTOR_STORE_URL")
                .forEach(env::remove);
        env.put("ROTOR_MASTER_KEY", MASTER_KEY); // PostgreSQL requires one; SQLite then needs no key file
        env.put("PATH", jdk.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        Process p = pb.start();
        ServeProcesses.awaitReady(p, port, Duration.ofSeconds(60), this::logText);
        return p;
    }

    /** SIGTERM, as an operator's stop, and the wait for the archive to be written. */
    private void stop() throws InterruptedException {
        server.destroy();
        assertThat(server.waitFor(120, TimeUnit.SECONDS)).as("rotor serve stopped: %s", logText()).isTrue();
        server = null;
    }

    /** The launcher execs java, so the process it started is the JVM and its command line is the JVM's. */
    private static Matcher archiveOption(long pid) throws IOException {
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        Matcher m = ARCHIVE_OPTION.matcher(cmdline);
        assertThat(m.find()).as("a class-data option in %s", cmdline).isTrue();
        return m;
    }

    private static Path archiveOption(long pid, String option) throws IOException {
        Matcher m = archiveOption(pid);
        assertThat(m.group(1)).isEqualTo(option);
        return Path.of(m.group(2));
    }

    private static List<String> mappedFiles(long pid) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/maps"))) {
            return lines.map(line -> line.split("\\s+", 6)).filter(f -> f.length == 6).map(f -> f[5].trim()).toList();
        }
    }

    private static Optional<Path> jdk25OrNewer() throws IOException {
        Path own = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 25) {
            return Optional.of(own);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && featureVersion(d) >= 25)
                    .sorted().findFirst();
        }
    }

    /** JAVA_VERSION="25.0.3" in a JDK's release file, as the launcher reads it. */
    private static int featureVersion(Path jdk) {
        try {
            return Files.readAllLines(jdk.resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION=\""))
                    .map(line -> line.substring("JAVA_VERSION=\"".length()).split("[.\"]")[0])
                    .mapToInt(Integer::parseInt).findFirst().orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Path log() {
        return home.resolve("serve.log");
    }

    private String logText() {
        try {
            return Files.readString(log());
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
