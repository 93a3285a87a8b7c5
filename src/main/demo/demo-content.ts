// What the demo workspace holds: two projects with documents (several versions each), test cases with
// steps and executions, change requests in every state with impacts and decisions, tasks, comments.
type Block = Record<string, unknown>;

const text = (value: string) => ({ type: 'text', text: value });
export const heading = (level: number, value: string): Block => ({ type: 'heading', attrs: { level }, content: [text(value)] });
export const paragraph = (value: string): Block => ({ type: 'paragraph', content: [text(value)] });
export const bullets = (items: string[]): Block => ({
  type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
});
export const docJson = (...blocks: Block[]) => ({ type: 'doc', content: blocks });

export interface DemoDocument {
  title: string;
  type: string;
  status: string;
  tags: string[];
  author: 'author' | 'manager';
  template?: boolean;
  /** Oldest first; the last one is the current content. */
  versions: { summary: string; blocks: Block[]; automatic?: boolean }[];
}

export interface DemoTestCase {
  title: string;
  suite: string;
  priority: string;
  status: string;
  automation: string;
  automationId?: string;
  preconditions: string;
  steps: [string, string][];
  /** Executions by the tester, oldest first. */
  results?: ('PASSED' | 'FAILED' | 'BLOCKED')[];
}

export interface DemoChangeRequest {
  title: string;
  status: string;
  priority: string;
  description: string;
  justification: string;
  policy: 'ALL' | 'ANY' | 'QUORUM';
  /** Decisions already taken (by the manager). */
  decision?: 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED';
  impacts: { kind: 'document' | 'testCase'; index: number; severity: string; description: string }[];
}

export interface DemoProject {
  key: string;
  name: string;
  description: string;
  documents: DemoDocument[];
  testCases: DemoTestCase[];
  changeRequests: DemoChangeRequest[];
  tasks: { title: string; status: string; type: string; assignee: 'tester' | 'author' | 'manager'; estimate: number; logged: number; parent?: number }[];
}

const srsV1 = [heading(1, 'Software Requirements Specification'), paragraph('This document specifies the software of the X2 infusion pump.'),
  heading(2, 'Dosing'), bullets(['REQ-1 The pump delivers a programmed rate between 0.1 and 999 mL/h.', 'REQ-2 The pump stops at the volume limit.'])];
const srsV2 = [...srsV1, heading(2, 'Alarms'), bullets(['REQ-10 An occlusion raises a high-priority alarm within 30 s.', 'REQ-11 Alarms can be silenced for 2 minutes.'])];
const srsV3 = [...srsV2, heading(2, 'Connectivity'), paragraph('REQ-20 The pump reports its status to the hospital gateway every 10 s over TLS.')];

export const DEMO_PROJECTS: DemoProject[] = [
  {
    key: 'IPX2',
    name: 'Infusion Pump X2',
    description: 'Firmware and companion software of the X2 volumetric infusion pump.',
    documents: [
      {
        title: 'Software Requirements Specification', type: 'REQUIREMENT', status: 'IN_REVIEW', tags: ['srs', 'iec-62304'], author: 'author',
        versions: [
          { summary: 'First draft: dosing', blocks: srsV1 },
          { summary: 'Alarm requirements added', blocks: srsV2 },
          { summary: 'Connectivity', blocks: srsV3, automatic: true },
        ],
      },
      {
        title: 'Verification Test Plan', type: 'TEST_PLAN', status: 'APPROVED', tags: ['verification'], author: 'author',
        versions: [
          { summary: 'Scope and strategy', blocks: [heading(1, 'Verification Test Plan'), paragraph('Every requirement of the SRS is verified by at least one test case.')] },
          { summary: 'Environments', blocks: [heading(1, 'Verification Test Plan'), paragraph('Every requirement of the SRS is verified by at least one test case.'),
            heading(2, 'Environments'), bullets(['Bench rig with pressure sensor', 'Hospital gateway simulator'])] },
        ],
      },
      {
        title: 'Risk Management File', type: 'SPECIFICATION', status: 'DRAFT', tags: ['iso-14971'], author: 'manager',
        versions: [{ summary: 'Hazards identified', blocks: [heading(1, 'Risk Management File'), bullets(['H-1 Over-infusion', 'H-2 Missed occlusion alarm'])] }],
      },
      {
        title: 'Meeting notes template', type: 'GENERAL', status: 'PUBLISHED', tags: ['template'], author: 'author', template: true,
        versions: [{ summary: 'Template', blocks: [heading(1, 'Meeting notes'), heading(2, 'Attendees'), bullets(['']), heading(2, 'Decisions'), bullets([''])] }],
      },
    ],
    testCases: [
      { title: 'Programmed rate is delivered', suite: 'Dosing', priority: 'CRITICAL', status: 'APPROVED', automation: 'AUTOMATED', automationId: 'dosing.rate',
        preconditions: 'Pump primed on the bench rig.', steps: [['Program 100 mL/h for 10 minutes', 'Display shows 100 mL/h'], ['Weigh the delivered volume', '16.7 mL ± 5 %']], results: ['PASSED', 'PASSED'] },
      { title: 'Pump stops at the volume limit', suite: 'Dosing', priority: 'HIGH', status: 'APPROVED', automation: 'MANUAL',
        preconditions: 'Pump primed.', steps: [['Set a volume limit of 5 mL at 300 mL/h', 'Infusion starts'], ['Wait for the limit', 'Pump stops and beeps']], results: ['FAILED', 'PASSED'] },
      { title: 'Occlusion alarm within 30 s', suite: 'Alarms', priority: 'CRITICAL', status: 'READY', automation: 'PLANNED',
        preconditions: 'Clamp available on the downstream line.', steps: [['Start an infusion at 50 mL/h', 'Infusion runs'], ['Clamp the line', 'High-priority alarm within 30 s'], ['Release the clamp and acknowledge', 'Alarm clears']], results: ['BLOCKED'] },
      { title: 'Alarm silence lasts 2 minutes', suite: 'Alarms', priority: 'MEDIUM', status: 'READY', automation: 'MANUAL',
        preconditions: 'An active alarm.', steps: [['Press silence', 'Alarm sound stops'], ['Wait 2 minutes', 'Alarm sounds again']] },
      { title: 'Status report reaches the gateway', suite: 'Connectivity', priority: 'HIGH', status: 'DRAFT', automation: 'AUTOMATED', automationId: 'net.status',
        preconditions: 'Gateway simulator running.', steps: [['Connect the pump to the network', 'Gateway lists the pump'], ['Watch for 1 minute', 'At least 6 reports arrive']], results: ['PASSED'] },
    ],
    changeRequests: [
      { title: 'Raise the maximum rate to 1200 mL/h', status: 'IN_REVIEW', priority: 'HIGH', policy: 'ALL',
        description: 'Trauma units ask for faster bolus delivery.', justification: 'Three customer requests this quarter.',
        impacts: [{ kind: 'document', index: 0, severity: 'HIGH', description: 'REQ-1 changes' }, { kind: 'testCase', index: 0, severity: 'HIGH', description: 'New rate range to verify' }] },
      { title: 'Shorter occlusion detection time', status: 'IN_REVIEW', priority: 'CRITICAL', policy: 'ANY',
        description: 'Detect occlusions within 20 s instead of 30 s.', justification: 'Post-market surveillance finding PMS-14.',
        impacts: [{ kind: 'testCase', index: 2, severity: 'CRITICAL', description: 'Threshold changes' }] },
      { title: 'Add Spanish user interface', status: 'SUBMITTED', priority: 'MEDIUM', policy: 'ANY', description: 'Localise all screens.', justification: 'Market entry in Spain.', impacts: [] },
      { title: 'Log rotation on the pump', status: 'DRAFT', priority: 'LOW', policy: 'ANY', description: 'Keep 30 days of logs.', justification: 'Service requests.', impacts: [] },
      { title: 'TLS 1.3 for gateway reports', status: 'APPROVED', priority: 'HIGH', policy: 'ANY', decision: 'APPROVED',
        description: 'Move gateway reports to TLS 1.3.', justification: 'Hospital IT policy.', impacts: [{ kind: 'testCase', index: 4, severity: 'MEDIUM', description: 'Re-run connectivity tests' }] },
      { title: 'Remove the legacy serial port', status: 'REJECTED', priority: 'MEDIUM', policy: 'ANY', decision: 'REJECTED',
        description: 'Drop RS-232 support.', justification: 'Fewer parts.', impacts: [] },
      { title: 'Larger display font', status: 'IMPLEMENTED', priority: 'MEDIUM', policy: 'ANY', decision: 'APPROVED',
        description: 'Use 18 pt for the rate.', justification: 'Usability study.', impacts: [{ kind: 'document', index: 0, severity: 'LOW', description: 'UI section' }] },
      { title: 'Battery indicator colours', status: 'CLOSED', priority: 'LOW', policy: 'ANY', decision: 'APPROVED', description: 'Amber below 20 %.', justification: 'Usability.', impacts: [] },
      { title: 'Bluetooth pairing', status: 'CANCELLED', priority: 'LOW', policy: 'ANY', description: 'Pair with phones.', justification: 'Idea from a trade fair.', impacts: [] },
    ],
    tasks: [
      { title: 'Prepare verification of release 2.1', status: 'IN_PROGRESS', type: 'EPIC', assignee: 'manager', estimate: 40, logged: 12 },
      { title: 'Execute dosing suite', status: 'IN_PROGRESS', type: 'TASK', assignee: 'tester', estimate: 8, logged: 3, parent: 0 },
      { title: 'Update SRS for the new rate range', status: 'TODO', type: 'TASK', assignee: 'author', estimate: 4, logged: 0, parent: 0 },
      { title: 'Volume limit stops 0.3 mL late', status: 'DONE', type: 'BUG', assignee: 'tester', estimate: 2, logged: 2 },
    ],
  },
  {
    key: 'LAB',
    name: 'Lab Portal',
    description: 'Web portal where labs book the test rigs.',
    documents: [
      {
        title: 'Portal user guide', type: 'PROCEDURE', status: 'PUBLISHED', tags: ['guide'], author: 'author',
        versions: [
          { summary: 'Booking a rig', blocks: [heading(1, 'Portal user guide'), paragraph('Choose a rig, a day and a time slot, then confirm.')] },
          { summary: 'Cancelling', blocks: [heading(1, 'Portal user guide'), paragraph('Choose a rig, a day and a time slot, then confirm.'), heading(2, 'Cancelling'), paragraph('Cancel up to 24 hours before the slot.')] },
        ],
      },
    ],
    testCases: [
      { title: 'Book a rig', suite: 'Booking', priority: 'HIGH', status: 'APPROVED', automation: 'MANUAL', preconditions: 'Signed in as a lab user.',
        steps: [['Choose rig B and tomorrow 10:00', 'Slot shows as free'], ['Confirm', 'Booking appears in "My bookings"']], results: ['PASSED'] },
      { title: 'Cancel a booking', suite: 'Booking', priority: 'MEDIUM', status: 'READY', automation: 'MANUAL', preconditions: 'A booking exists.',
        steps: [['Open the booking and cancel', 'Booking disappears'], ['Check the rig calendar', 'Slot is free again']] },
    ],
    changeRequests: [
      { title: 'Weekend bookings', status: 'IN_REVIEW', priority: 'MEDIUM', policy: 'ANY', description: 'Allow Saturday slots.', justification: 'Lab demand.',
        impacts: [{ kind: 'document', index: 0, severity: 'MEDIUM', description: 'Booking section' }] },
    ],
    tasks: [{ title: 'Publish the user guide', status: 'DONE', type: 'TASK', assignee: 'author', estimate: 3, logged: 3 }],
  },
];
