package local.pzp.fhirserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads, once the application context is up (and Tomcat is already answering 503):
 * <ol>
 *   <li>the conformance resources in {@code classpath:preload/*.json} (file-name order):
 *       SearchParameters first, then ValueSets;</li>
 *   <li>every {@code *.json} transaction Bundle in {@code --pzp.preload-dir} (file-name order).</li>
 * </ol>
 * Then it opens the doors ({@link ReadinessFilter#markReady()}). Any failure aborts startup,
 * so a broken preload shows up as a process exit rather than as a half-loaded server.
 *
 * <p>Ordering matters: HAPI only indexes a resource for search parameters that are active in
 * its {@link ISearchParamRegistry} at the moment the resource is written. The registry
 * normally picks up new SearchParameter resources asynchronously (polling every minute), so we
 * force a refresh and verify the parameters are active before any clinical data is stored.
 * No reindex is needed because no data exists yet at that point.
 */
public class Preloader implements ApplicationRunner {

	private static final Logger ourLog = LoggerFactory.getLogger(Preloader.class);

	/** Custom search parameters the preload must make active (resource type, code). */
	private static final String[][] REQUIRED_SEARCH_PARAMS = {
		{"Communication", "reason-code"},
		{"Goal", "description"},
	};

	private final FhirContext myFhirContext;
	private final DaoRegistry myDaoRegistry;
	private final ISearchParamRegistry mySearchParamRegistry;
	private final ReadinessFilter myReadinessFilter;
	private final Environment myEnvironment;

	public Preloader(
			FhirContext theFhirContext,
			DaoRegistry theDaoRegistry,
			ISearchParamRegistry theSearchParamRegistry,
			ReadinessFilter theReadinessFilter,
			Environment theEnvironment) {
		myFhirContext = theFhirContext;
		myDaoRegistry = theDaoRegistry;
		mySearchParamRegistry = theSearchParamRegistry;
		myReadinessFilter = theReadinessFilter;
		myEnvironment = theEnvironment;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		long start = System.currentTimeMillis();
		IParser parser = myFhirContext.newJsonParser();

		// 1. Conformance resources, SearchParameters before everything else.
		List<IBaseResource> conformance = new ArrayList<>();
		Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:preload/*.json");
		Arrays.sort(files, Comparator.comparing(Resource::getFilename));
		for (Resource file : files) {
			try (InputStream in = file.getInputStream()) {
				conformance.add(parser.parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
			}
		}
		conformance.stream().filter(r -> r instanceof SearchParameter).forEach(this::storeById);
		activateSearchParameters();
		conformance.stream().filter(r -> !(r instanceof SearchParameter)).forEach(this::storeById);

		// 2. Data: transaction bundles from --pzp.preload-dir.
		String dir = myEnvironment.getProperty("pzp.preload-dir", "").trim();
		int bundles = 0;
		if (!dir.isEmpty()) {
			bundles = loadTransactionBundles(Path.of(dir), parser);
		}

		myReadinessFilter.markReady();
		ourLog.info(
				"PZP preload finished in {} ms: {} conformance resources, {} transaction bundles. Server is READY.",
				System.currentTimeMillis() - start,
				conformance.size(),
				bundles);
	}

	/** PUT by logical id, so the resources have stable, readable ids (SearchParameter/Goal-description). */
	@SuppressWarnings({"unchecked", "rawtypes"})
	private void storeById(IBaseResource resource) {
		String type = myFhirContext.getResourceType(resource);
		if (!resource.getIdElement().hasIdPart()) {
			throw new IllegalStateException("Preload resource without id: " + type);
		}
		IFhirResourceDao dao = myDaoRegistry.getResourceDao(type);
		dao.update(resource, new SystemRequestDetails());
		ourLog.info("Preloaded {}/{}", type, resource.getIdElement().getIdPart());
	}

	private void activateSearchParameters() {
		mySearchParamRegistry.forceRefresh();
		for (String[] sp : REQUIRED_SEARCH_PARAMS) {
			RuntimeSearchParam param = mySearchParamRegistry.getActiveSearchParam(
					sp[0], sp[1], ISearchParamRegistry.SearchParamLookupContextEnum.ALL);
			if (param == null) {
				throw new IllegalStateException(
						"Custom search parameter " + sp[0] + ":" + sp[1] + " is not active after preload");
			}
		}
	}

	@SuppressWarnings({"unchecked", "rawtypes"})
	private int loadTransactionBundles(Path dir, IParser parser) throws IOException {
		if (!Files.isDirectory(dir)) {
			throw new IllegalArgumentException("--pzp.preload-dir is not a directory: " + dir.toAbsolutePath());
		}
		List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
					.filter(Files::isRegularFile)
					.sorted(Comparator.comparing(p -> p.getFileName().toString()))
					.toList();
		}
		IFhirSystemDao systemDao = myDaoRegistry.getSystemDao();
		for (Path file : files) {
			Bundle bundle;
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				bundle = parser.parseResource(Bundle.class, reader);
			}
			if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
				throw new IllegalArgumentException(file + ": expected a transaction Bundle, got " + bundle.getType());
			}
			try {
				systemDao.transaction(new SystemRequestDetails(), bundle);
			} catch (RuntimeException e) {
				throw new IllegalStateException("Transaction bundle " + file + " failed: " + e.getMessage(), e);
			}
			ourLog.info("Preloaded transaction bundle {} ({} entries)", file.getFileName(), bundle.getEntry().size());
		}
		return files.size();
	}
}
