// ReqIF 1.2 (OMG, the interchange format of DOORS, Polarion and Jama): documents as SPEC-OBJECTs with
// their title (ReqIF.Name), type and text (ReqIF.Text, XHTML), relations between documents as
// SPEC-RELATIONs, and one SPECIFICATION listing the documents. Read and written with fast-xml-parser.
// A file that is not such a ReqIF is refused whole, naming the element at fault.
import { randomUUID } from 'node:crypto';
import { LocalWriteError } from '../replica/local-writer';
import type { PmNode } from './content-blocks';
import type { XmlNode } from './xhtml';
import { attrOf, esc, fromXhtml, kids, tagOf, toXhtml } from './xhtml';

export interface ReqifDocument {
  /** The SPEC-OBJECT's IDENTIFIER. */
  key: string;
  title: string;
  documentType: string;
  json: PmNode | null;
  plainText: string;
}

export interface ReqifRelation {
  key: string;
  source: string;
  target: string;
  relationType: string;
  description: string;
}

export interface ReqifContent {
  title: string;
  documents: ReqifDocument[];
  relations: ReqifRelation[];
}

const id = (prefix: string, key: string) => `${prefix}-${key}`.replace(/[^A-Za-z0-9_.-]/g, '_');

const stringValue = (definition: string, value: string) => `<ATTRIBUTE-VALUE-STRING THE-VALUE="${esc(value)}"><DEFINITION>`
  + `<ATTRIBUTE-DEFINITION-STRING-REF>${definition}</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>`;
const stringAttribute = (identifier: string, name: string, now: string) => `<ATTRIBUTE-DEFINITION-STRING IDENTIFIER="${identifier}" LAST-CHANGE="${now}" LONG-NAME="${name}">`
  + '<TYPE><DATATYPE-DEFINITION-STRING-REF>DT-String</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>';

export function writeReqif(content: ReqifContent, now = new Date().toISOString()): string {
  const objects = content.documents.map((d) => `<SPEC-OBJECT IDENTIFIER="${id('doc', d.key)}" LAST-CHANGE="${now}" LONG-NAME="${esc(d.title)}">`
    + `<VALUES>${stringValue('AD-Name', d.title)}${stringValue('AD-Type', d.documentType)}`
    + `<ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>AD-Text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION>`
    + `<THE-VALUE>${toXhtml(d.json, d.plainText)}</THE-VALUE></ATTRIBUTE-VALUE-XHTML></VALUES>`
    + '<TYPE><SPEC-OBJECT-TYPE-REF>SOT-Document</SPEC-OBJECT-TYPE-REF></TYPE></SPEC-OBJECT>').join('\n');
  const relations = content.relations.map((r) => `<SPEC-RELATION IDENTIFIER="${id('rel', r.key)}" LAST-CHANGE="${now}">`
    + `<VALUES>${stringValue('AD-RelationType', r.relationType)}${stringValue('AD-Description', r.description)}</VALUES>`
    + `<SOURCE><SPEC-OBJECT-REF>${id('doc', r.source)}</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>${id('doc', r.target)}</SPEC-OBJECT-REF></TARGET>`
    + '<TYPE><SPEC-RELATION-TYPE-REF>SRT-Relation</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>').join('\n');
  const hierarchy = content.documents.map((d) => `<SPEC-HIERARCHY IDENTIFIER="${id('h', d.key)}" LAST-CHANGE="${now}">`
    + `<OBJECT><SPEC-OBJECT-REF>${id('doc', d.key)}</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<THE-HEADER><REQ-IF-HEADER IDENTIFIER="header-${randomUUID()}"><CREATION-TIME>${now}</CREATION-TIME><REQ-IF-TOOL-ID>ProManage Desktop</REQ-IF-TOOL-ID>`
  + `<REQ-IF-VERSION>1.0</REQ-IF-VERSION><SOURCE-TOOL-ID>ProManage Desktop</SOURCE-TOOL-ID><TITLE>${esc(content.title)}</TITLE></REQ-IF-HEADER></THE-HEADER>
<CORE-CONTENT><REQ-IF-CONTENT>
<DATATYPES><DATATYPE-DEFINITION-STRING IDENTIFIER="DT-String" LAST-CHANGE="${now}" LONG-NAME="String" MAX-LENGTH="100000"/>`
  + `<DATATYPE-DEFINITION-XHTML IDENTIFIER="DT-XHTML" LAST-CHANGE="${now}" LONG-NAME="XHTML"/></DATATYPES>
<SPEC-TYPES><SPEC-OBJECT-TYPE IDENTIFIER="SOT-Document" LAST-CHANGE="${now}" LONG-NAME="Document"><SPEC-ATTRIBUTES>`
  + `${stringAttribute('AD-Name', 'ReqIF.Name', now)}${stringAttribute('AD-Type', 'ProManage.DocumentType', now)}`
  + `<ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="AD-Text" LAST-CHANGE="${now}" LONG-NAME="ReqIF.Text"><TYPE><DATATYPE-DEFINITION-XHTML-REF>DT-XHTML</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>`
  + `</SPEC-ATTRIBUTES></SPEC-OBJECT-TYPE><SPEC-RELATION-TYPE IDENTIFIER="SRT-Relation" LAST-CHANGE="${now}" LONG-NAME="Relation"><SPEC-ATTRIBUTES>`
  + `${stringAttribute('AD-RelationType', 'ProManage.RelationType', now)}${stringAttribute('AD-Description', 'ReqIF.Description', now)}</SPEC-ATTRIBUTES></SPEC-RELATION-TYPE>`
  + `<SPECIFICATION-TYPE IDENTIFIER="ST-Project" LAST-CHANGE="${now}" LONG-NAME="Project"/></SPEC-TYPES>
<SPEC-OBJECTS>
${objects}
</SPEC-OBJECTS>
<SPEC-RELATIONS>
${relations}
</SPEC-RELATIONS>
<SPECIFICATIONS><SPECIFICATION IDENTIFIER="spec-${randomUUID()}" LAST-CHANGE="${now}" LONG-NAME="${esc(content.title)}">`
  + `<TYPE><SPECIFICATION-TYPE-REF>ST-Project</SPECIFICATION-TYPE-REF></TYPE><CHILDREN>${hierarchy}</CHILDREN></SPECIFICATION></SPECIFICATIONS>
</REQ-IF-CONTENT></CORE-CONTENT>
</REQ-IF>
`;
}

// ---- reading -----------------------------------------------------------------------------------

const refuse = (message: string): never => { throw new LocalWriteError('INVALID_ARGUMENT', `${message} Nothing was imported.`); };

const find = (nodes: XmlNode[], tag: string) => nodes.filter((n) => tagOf(n) === tag);
function one(nodes: XmlNode[], tag: string, where: string): XmlNode {
  const found = find(nodes, tag)[0];
  return found ?? refuse(`This ReqIF file has no <${tag}> in ${where}.`);
}
const text = (nodes: XmlNode[]): string => nodes.map((n) => (tagOf(n) === '#text' ? String(n['#text']) : text(kids(n)))).join('');

interface AttributeDef { name: string; kind: 'STRING' | 'XHTML' | 'OTHER' }

/** Attribute definitions by IDENTIFIER, with their LONG-NAME. */
function definitions(specTypes: XmlNode): Map<string, AttributeDef> {
  const map = new Map<string, AttributeDef>();
  for (const type of kids(specTypes)) {
    for (const attributes of find(kids(type), 'SPEC-ATTRIBUTES')) {
      for (const def of kids(attributes)) {
        const tag = tagOf(def);
        const identifier = attrOf(def, 'IDENTIFIER');
        if (!tag.startsWith('ATTRIBUTE-DEFINITION-') || !identifier) continue;
        const kind = tag === 'ATTRIBUTE-DEFINITION-STRING' ? 'STRING' : tag === 'ATTRIBUTE-DEFINITION-XHTML' ? 'XHTML' : 'OTHER';
        map.set(identifier, { name: attrOf(def, 'LONG-NAME') ?? identifier, kind });
      }
    }
  }
  return map;
}

/** The values of a SPEC-OBJECT or SPEC-RELATION by the LONG-NAME of their definition. */
function values(node: XmlNode, defs: Map<string, AttributeDef>, where: string): Map<string, { value?: string; xhtml?: XmlNode[] }> {
  const out = new Map<string, { value?: string; xhtml?: XmlNode[] }>();
  for (const holder of find(kids(node), 'VALUES')) {
    for (const v of kids(holder)) {
      const tag = tagOf(v);
      if (!tag.startsWith('ATTRIBUTE-VALUE-')) continue;
      const definition = find(kids(v), 'DEFINITION')[0];
      const ref = definition ? text(kids(definition)).trim() : '';
      const def = defs.get(ref);
      if (!def) refuse(`In ${where}, <${tag}> refers to the attribute definition "${ref}", which the file does not define.`);
      if (tag === 'ATTRIBUTE-VALUE-XHTML') {
        const theValue = find(kids(v), 'THE-VALUE')[0];
        out.set(def!.name, { xhtml: theValue ? kids(theValue) : [] });
      } else {
        out.set(def!.name, { value: attrOf(v, 'THE-VALUE') ?? '' });
      }
    }
  }
  return out;
}

const objectRef = (node: XmlNode, tag: 'SOURCE' | 'TARGET', where: string) => {
  const holder = find(kids(node), tag)[0];
  const ref = holder ? find(kids(holder), 'SPEC-OBJECT-REF')[0] : undefined;
  return ref ? text(kids(ref)).trim() : refuse(`${where} has no <${tag}><SPEC-OBJECT-REF>.`);
};

export async function parseReqif(xml: string): Promise<ReqifContent> {
  // ReqIF needs no DTD; one could declare entities that expand without end (a "billion laughs" file).
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) refuse('This file declares a <!DOCTYPE> or <!ENTITY>, which ReqIF does not use; it is refused for safety.');
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) refuse(`This is not valid XML (line ${valid.err.line}: ${valid.err.msg}).`);
  const parsed = new XMLParser({
    preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, trimValues: false,
    parseTagValue: false, parseAttributeValue: false, processEntities: true,
  }).parse(xml) as XmlNode[];
  const root = find(parsed, 'REQ-IF')[0] ?? refuse('This XML has no <REQ-IF> root element: it is not a ReqIF file.');
  const header = find(kids(one(kids(root), 'THE-HEADER', '<REQ-IF>')), 'REQ-IF-HEADER')[0];
  const title = header ? text(kids(find(kids(header), 'TITLE')[0] ?? {})).trim() : '';
  const content = one(kids(one(kids(root), 'CORE-CONTENT', '<REQ-IF>')), 'REQ-IF-CONTENT', '<CORE-CONTENT>');
  const defs = definitions(one(kids(content), 'SPEC-TYPES', '<REQ-IF-CONTENT>'));
  const documents: ReqifDocument[] = [];
  const keys = new Set<string>();
  for (const [i, object] of find(kids(find(kids(content), 'SPEC-OBJECTS')[0] ?? {}), 'SPEC-OBJECT').entries()) {
    const key = attrOf(object, 'IDENTIFIER');
    const where = `<SPEC-OBJECT>${key ? ` "${key}"` : ` number ${i + 1}`}`;
    if (!key) refuse(`${where} has no IDENTIFIER.`);
    if (keys.has(key!)) refuse(`${where} appears twice (IDENTIFIER must be unique).`);
    keys.add(key!);
    const v = values(object, defs, where);
    const name = (v.get('ReqIF.Name')?.value ?? v.get('ReqIF.ChapterName')?.value ?? attrOf(object, 'LONG-NAME') ?? '').trim();
    if (!name) refuse(`${where} has no title (ReqIF.Name or LONG-NAME).`);
    const xhtml = v.get('ReqIF.Text')?.xhtml;
    const json = xhtml ? fromXhtml(xhtml) : null;
    documents.push({
      key: key!, title: name.slice(0, 500), documentType: v.get('ProManage.DocumentType')?.value ?? 'REQUIREMENT', json,
      plainText: json ? '' : (v.get('ReqIF.Text')?.value ?? ''),
    });
  }
  const relations: ReqifRelation[] = [];
  for (const [i, relation] of find(kids(find(kids(content), 'SPEC-RELATIONS')[0] ?? {}), 'SPEC-RELATION').entries()) {
    const key = attrOf(relation, 'IDENTIFIER') ?? `relation-${i + 1}`;
    const where = `<SPEC-RELATION> "${key}"`;
    const source = objectRef(relation, 'SOURCE', where);
    const target = objectRef(relation, 'TARGET', where);
    for (const ref of [source, target]) if (!keys.has(ref)) refuse(`${where} refers to the SPEC-OBJECT "${ref}", which the file does not contain.`);
    const v = values(relation, defs, where);
    relations.push({ key, source, target, relationType: v.get('ProManage.RelationType')?.value ?? 'TRACES_TO', description: v.get('ReqIF.Description')?.value ?? '' });
  }
  if (documents.length === 0) refuse('This ReqIF file has no <SPEC-OBJECT> in <SPEC-OBJECTS>.');
  return { title, documents, relations };
}
