package local.pzp.fhirserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;

/**
 * Entry point of the PZP FHIR test server.
 *
 * <p>Deliberately does NOT use {@code @EnableAutoConfiguration}: the whole HAPI JPA stack is
 * wired explicitly in {@link FhirServerConfig}, and only the embedded Tomcat auto-configuration
 * is pulled in (it also binds {@code server.port}). Skipping classpath-wide auto-configuration
 * keeps startup time down and avoids Spring Boot's own JPA/DataSource set-up competing with HAPI's.
 *
 * <p>Command-line options (standard Spring Boot property syntax):
 * <ul>
 *   <li>{@code --server.port=N} (default 8080)</li>
 *   <li>{@code --pzp.preload-dir=PATH} directory of FHIR transaction Bundles (*.json), posted in
 *       file-name order after the conformance resources</li>
 *   <li>{@code --pzp.exit-with-pid=PID} shut down when process PID ends (the test fixture passes
 *       its own pid, so a killed test run does not leave a server behind)</li>
 *   <li>{@code --pzp.compact-capability-statement=false} publish HAPI's full CapabilityStatement,
 *       search parameter prose included (default true: see {@link CompactCapabilityStatement})</li>
 * </ul>
 */
@SpringBootConfiguration
@Import({
	PropertyPlaceholderAutoConfiguration.class,
	ServletWebServerFactoryAutoConfiguration.class,
	FhirServerConfig.class,
	Preloader.class
})
public class PzpFhirTestServer {

	public static void main(String[] args) {
		SpringApplication app = new SpringApplication(PzpFhirTestServer.class);
		if (Boolean.getBoolean("pzp.jfr-startup")) {
			// Diagnostics: record per-bean startup steps as JFR events
			// (java -Dpzp.jfr-startup=true -XX:StartFlightRecording=filename=start.jfr ...).
			app.setApplicationStartup(new FlightRecorderApplicationStartup());
		}
		ConfigurableApplicationContext context = app.run(args);
		exitWithProcess(context, context.getEnvironment().getProperty("pzp.exit-with-pid", ""));
	}

	private static void exitWithProcess(ConfigurableApplicationContext context, String pid) {
		if (pid.isBlank()) {
			return;
		}
		ProcessHandle.of(Long.parseLong(pid.trim()))
				.ifPresentOrElse(
						parent -> parent.onExit().thenRun(() -> {
							System.err.println("Process " + pid + " ended; shutting down the FHIR test server");
							System.exit(SpringApplication.exit(context));
						}),
						() -> System.exit(SpringApplication.exit(context)));
	}
}
