// Parser of GET /v1/norms: the norms catalogue.

import type { Parser } from '../api';
import { array, object, optionalString, parser, string } from './shape';

export interface Norm {
  id: string;
  layer: string;
  title: string;
  basis?: string;
  text?: string;
}

export interface NormList {
  version: string;
  norms: Norm[];
}

export const parseNormList: Parser<NormList> = parser('norms', (body) => {
  const fields = object(body, 'body');
  const norms = array(fields['norms'], 'norms').map((raw, i): Norm => {
    const path = `norms[${i}]`;
    const item = object(raw, path);
    const norm: Norm = {
      id: string(item['id'], `${path}.id`),
      layer: string(item['layer'], `${path}.layer`),
      title: string(item['title'], `${path}.title`),
    };
    const basis = optionalString(item['basis'], `${path}.basis`);
    if (basis !== undefined) norm.basis = basis;
    const text = optionalString(item['text'], `${path}.text`);
    if (text !== undefined) norm.text = text;
    return norm;
  });
  return { version: string(fields['version'], 'version'), norms };
});
