package local.pzp.fhirserver;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.dbcp2.BasicDataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import java.util.Properties;
import javax.sql.DataSource;

/**
 * Explicit wiring of a HAPI FHIR JPA server (R4) on an in-memory H2 database.
 *
 * <p>HAPI's {@link JpaR4Config} provides the DAOs, search, terminology and validation beans; this
 * class provides what HAPI expects the host application to supply (settings, data source,
 * entity manager factory, transaction manager, a few service beans) plus the REST servlet.
 */
@Configuration
@Import({
	JpaR4Config.class,
	// Batch2 job framework (HAPI's DAOs depend on it): runs $reindex and
	// DELETE ...?_expunge=true as background jobs.
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	// In-memory message channels; batch2 uses them to hand work chunks to its workers.
	SubscriptionChannelConfig.class,
	ThreadPoolFactoryConfig.class
})
public class FhirServerConfig {

	static final int DEFAULT_PAGE_SIZE = 20;
	static final int MAX_PAGE_SIZE = 200;

	// ------------------------------------------------------------------ HAPI settings

	@Bean
	public JpaStorageSettings jpaStorageSettings() {
		JpaStorageSettings s = new JpaStorageSettings();
		// Never answer a search from a previously cached result set: tests write and
		// immediately search again, and must see their own writes. null = never reuse.
		s.setReuseCachedSearchResultsForMillis(null);
		// Conditional DELETE (e.g. DELETE Goal?patient=X) may remove more than one resource.
		s.setAllowMultipleDelete(true);
		// $expunge and DELETE ...&_expunge=true (used to wipe test data).
		s.setExpungeEnabled(true);
		s.setDeleteExpungeEnabled(true);
		// References must point to resources on this server (default, spelled out).
		s.setAllowExternalReferences(false);
		// Note: no setFetchSizeDefaultMaximum(): it would silently truncate result sets; page
		// sizes are bounded by the paging provider below instead.
		// Deleting a Patient that is still referenced must fail (default, spelled out).
		s.setEnforceReferentialIntegrityOnDelete(true);
		// No :missing indexing, no full-text/Lucene indexing: faster writes, nothing needs them.
		s.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
		s.setHibernateSearchIndexSearchParams(false);
		// ValueSets are expanded in memory on demand (small, enumerated); the background
		// pre-expansion into terminology tables is not needed.
		s.setPreExpandValueSets(false);
		// Our SearchParameters are stored before any data (see Preloader), so there is nothing
		// to reindex; without this HAPI would queue a background reindex job per parameter.
		s.setMarkResourcesForReindexingUponSearchParameterChange(false);
		// HFJ_SPIDX_IDENTITY only maps index hashes to readable parameter names (a diagnostic
		// aid); filling it costs a background burst of inserts for ~1500 parameters at startup.
		s.setWriteToSearchParamIdentityTable(false);
		return s;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings(); // partitioning disabled
	}

	// ------------------------------------------------------------------ persistence

	@Bean(destroyMethod = "close")
	public BasicDataSource dataSource() {
		BasicDataSource ds = new BasicDataSource();
		ds.setDriverClassName("org.h2.Driver");
		// Private in-memory database; DB_CLOSE_DELAY=-1 keeps it alive between connections.
		ds.setUrl("jdbc:h2:mem:pzp-fhir;DB_CLOSE_DELAY=-1");
		ds.setUsername("sa");
		ds.setPassword("");
		// HAPI runs searches on a worker thread while the request thread may hold a connection.
		ds.setMaxTotal(20);
		return ds;
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			DataSource dataSource,
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings) {
		LocalContainerEntityManagerFactoryBean emf =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		emf.setPersistenceUnitName("HAPI_PU");
		emf.setDataSource(dataSource);

		Properties p = new Properties();
		p.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
		// Fresh in-memory DB on each start: let Hibernate create the schema.
		p.put("hibernate.hbm2ddl.auto", "create");
		// Hibernate Search (Lucene/Elasticsearch) is on the classpath because HAPI depends on
		// it, but it is not used: switch it off so it neither boots nor indexes.
		p.put("hibernate.search.enabled", "false");
		p.put("hibernate.show_sql", "false");
		p.put("hibernate.format_sql", "false");
		p.put("hibernate.cache.use_query_cache", "false");
		p.put("hibernate.cache.use_second_level_cache", "false");
		p.put("hibernate.cache.use_structured_entries", "false");
		p.put("hibernate.cache.use_minimal_puts", "false");
		p.put("hibernate.jdbc.batch_size", "20");
		// Envers only audits HAPI's MDM link table (MDM is not used); skipping it saves ~10 %
		// of startup time.
		p.put("hibernate.integration.envers.enabled", "false");
		emf.setJpaProperties(p);
		return emf;
	}

	@Primary
	@Bean
	public JpaTransactionManager transactionManager(EntityManagerFactory emf) {
		JpaTransactionManager tm = new JpaTransactionManager();
		tm.setEntityManagerFactory(emf);
		return tm;
	}

	// ------------------------------------------------------------------ beans HAPI expects from the host
	// (normally supplied by HapiJpaConfig, which we do not import because it also registers the
	// Hibernate Search based full-text service)

	@Bean
	public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
		return new StaleSearchDeletingSvcImpl();
	}

	@Bean
	public IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
		return new DaoRegistryResourceSupportedSvc(daoRegistry);
	}

	@Bean(name = "myResourceCountsCache")
	public ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
		return ResourceCountCacheUtil.newResourceCountCache(systemDao);
	}

	/** Search result paging: page links (next/previous) point at stored search results. */
	@Bean
	public DatabaseBackedPagingProvider databaseBackedPagingProvider() {
		DatabaseBackedPagingProvider p = new DatabaseBackedPagingProvider();
		p.setDefaultPageSize(DEFAULT_PAGE_SIZE);
		p.setMaximumPageSize(MAX_PAGE_SIZE);
		return p;
	}

	// ------------------------------------------------------------------ REST layer

	@Bean
	public RestfulServer restfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			ValueSetOperationProvider valueSetOperationProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			Environment environment) {
		FhirContext ctx = systemDao.getContext();
		ctx.setNarrativeGenerator(new NullNarrativeGenerator());

		RestfulServer server = new RestfulServer(ctx);
		// One provider per resource type (CRUD, search, history, $expunge, ...).
		server.registerProviders(resourceProviders.createProviders());
		// Server-level: transaction/batch Bundles, history, $expunge, ...
		server.registerProvider(systemProvider);
		// ValueSet/$expand and $validate-code (handy to inspect the preloaded value sets).
		server.registerProvider(valueSetOperationProvider);
		// CapabilityStatement that lists the custom SearchParameters from the registry.
		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription("PZP Desktop HAPI FHIR test server");
		server.setServerConformanceProvider(capabilities);

		server.setPagingProvider(pagingProvider);
		// --pzp.compact-capability-statement=true (default): no search parameter prose in
		// GET /metadata (see CompactCapabilityStatement).
		if (environment.getProperty("pzp.compact-capability-statement", Boolean.class, true)) {
			server.registerInterceptor(new CompactCapabilityStatement());
		}
		server.setDefaultPageSize(DEFAULT_PAGE_SIZE);
		server.setMaximumPageSize(MAX_PAGE_SIZE);
		// ETags + versioned updates: If-Match with a stale version is rejected (409).
		server.setETagSupport(ETagSupportEnum.ENABLED);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		return server;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> reg = new ServletRegistrationBean<>(server, "/fhir/*");
		reg.setName("fhir");
		// Initialise HAPI's servlet during startup, not on the first request.
		reg.setLoadOnStartup(1);
		return reg;
	}

	/** Answers 503 to every request until {@link Preloader} has finished. */
	@Bean
	public ReadinessFilter readinessFilter() {
		return new ReadinessFilter();
	}

	@Bean
	public FilterRegistrationBean<ReadinessFilter> readinessFilterRegistration(ReadinessFilter filter) {
		FilterRegistrationBean<ReadinessFilter> reg = new FilterRegistrationBean<>(filter);
		reg.addUrlPatterns("/*");
		reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return reg;
	}

	/**
	 * FHIR token searches put a literal {@code |} (system|code) in the query string, and some
	 * clients do not percent-encode it. Tomcat rejects such request lines unless the characters
	 * are declared "relaxed". We also relax the other characters RFC 7230 forbids but which
	 * show up in FHIR queries ({@code [ ] { }} and friends).
	 */
	@Bean
	public WebServerFactoryCustomizer<TomcatServletWebServerFactory> relaxedQueryChars() {
		return factory -> factory.addConnectorCustomizers(connector -> {
			connector.setProperty("relaxedQueryChars", "|{}[]^`\"<>\\");
			connector.setProperty("relaxedPathChars", "|{}[]");
		});
	}
}
