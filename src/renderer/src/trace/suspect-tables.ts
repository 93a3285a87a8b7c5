// The replica tables whose changes can change which links are suspect (what suspect-link views reload on).
export const SUSPECT_TABLES = 'document_relations,relation_reviews,documents,test_cases,outbox,rejections';
