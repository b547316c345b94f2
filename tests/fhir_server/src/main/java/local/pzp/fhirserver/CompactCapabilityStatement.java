package local.pzp.fhirserver;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Leaves the prose out of the generated CapabilityStatement: {@code searchParam.documentation}
 * (optional, 0..1), which HAPI fills with the FHIR specification's multi-resource descriptions.
 *
 * <p>That prose is about two thirds of HAPI's 1.5 MB statement; serialising and compressing it
 * cost the server about 80 ms of CPU per {@code GET /metadata}, on the same machine as the
 * client under test. Everything a client plans with (types, interactions, search parameters
 * and their types, includes, revincludes) stays. HAPI caches the generated statement, so this
 * runs once per cache period.
 */
@Interceptor
public class CompactCapabilityStatement {

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void leaveOutDocumentation(IBaseConformance statement) {
		if (!(statement instanceof CapabilityStatement capabilities)) {
			return;
		}
		for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
			for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				for (CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent param :
						resource.getSearchParam()) {
					param.setDocumentation(null);
				}
			}
			for (CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent param :
					rest.getSearchParam()) {
				param.setDocumentation(null);
			}
		}
	}
}
