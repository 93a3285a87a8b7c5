import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type TestingChannel = 'testCases:list' | 'testCases:suites' | 'testCases:get' | 'executions:record' | 'tasks:createDefect';

export function testingHandlers(replica: ReplicaCall): Pick<Handlers, TestingChannel> {
  return {
    'testCases:list': (query) => replica('testCaseList', query),
    'testCases:suites': ({ projectId }) => replica('testCaseSuites', projectId),
    'testCases:get': ({ id }) => replica('testCaseGet', id),
    'executions:record': (input) => replica('executionRecord', input),
    'tasks:createDefect': (input) => replica('defectCreate', input),
  };
}
