import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type ExportChannel = Extract<keyof Handlers, `exports:${string}` | `imports:${string}`>;

export function exportHandlers(replica: ReplicaCall): Pick<Handlers, ExportChannel> {
  return {
    'exports:documentPdf': ({ id, versionId }) => replica('exportDocumentPdf', id, versionId),
    'exports:documentDocx': ({ id, versionId }) => replica('exportDocumentDocx', id, versionId),
    'exports:runPdf': ({ id }) => replica('exportRunPdf', id),
    'exports:testCasesXlsx': ({ projectId }) => replica('exportTestCasesXlsx', projectId),
    'exports:coverageXlsx': (filter) => replica('exportCoverageXlsx', filter),
    'exports:reqif': ({ projectId }) => replica('exportReqif', projectId),
    'imports:casesPreview': ({ projectId, fileName, dataBase64, mapping }) => replica('importCasesPreview', projectId, fileName, dataBase64, mapping),
    'imports:cases': ({ projectId, fileName, dataBase64, mapping }) => replica('importCases', projectId, fileName, dataBase64, mapping),
    'imports:reqif': ({ projectId, xml }) => replica('importReqif', projectId, xml),
  };
}
