package local.pzp.fhirserver;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat starts listening before the preload has run (the preload needs the fully started
 * application context). Until {@link #markReady()} is called every HTTP request, including
 * {@code GET /fhir/metadata}, is answered with 503 so that clients polling metadata only see
 * 200 once the conformance resources and training data are in place.
 */
public class ReadinessFilter extends OncePerRequestFilter {

	private static final byte[] NOT_READY = ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{"
					+ "\"severity\":\"error\",\"code\":\"transient\","
					+ "\"diagnostics\":\"PZP FHIR test server is still preloading data\"}]}")
			.getBytes(StandardCharsets.UTF_8);

	private volatile boolean myReady;

	public void markReady() {
		myReady = true;
	}

	public boolean isReady() {
		return myReady;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (myReady) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", "1");
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.setContentLength(NOT_READY.length);
		response.getOutputStream().write(NOT_READY);
	}
}
