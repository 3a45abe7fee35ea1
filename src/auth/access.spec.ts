// Unit specs for the access rules: root fields through fragments, and the refusal message.
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { refusal, rootFields } from './access';
import { Role } from './roles';

function fieldsOf(source: string): string[] {
  const doc = parse(source);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return [...rootFields(op, fragments)].sort();
}

describe('rootFields', () => {
  it('collects fields, aliased or not, through inline fragments and (nested, repeated, cyclic) spreads', () => {
    expect(fieldsOf('{ a: viewer { role } clients { totalCount } }')).toEqual(['clients', 'viewer']);
    expect(fieldsOf('{ ... on Query { apiKeys { id } } ...F } fragment F on Query { ...G cacheStats { name } } fragment G on Query { ...F jobs { totalCount } }')).toEqual([
      'apiKeys',
      'cacheStats',
      'jobs',
    ]);
    expect(fieldsOf('{ apiKeys @skip(if: true) { id } }')).toEqual(['apiKeys']);
  });
});

describe('refusal', () => {
  const key = (role: Role) => ({ actor: { type: 'API_KEY' as const, id: 'k', name: 'k' }, workspaceId: 'w', role });
  const user = (role: Role) => ({ actor: { type: 'USER' as const, id: 'u', name: 'u' }, workspaceId: 'w', role });

  it('is null when the role is enough (ADMIN includes EDITOR, which includes VIEWER)', () => {
    expect(refusal(key(Role.ADMIN), Role.EDITOR, 'createClient')).toBeNull();
    expect(refusal(key(Role.EDITOR), Role.EDITOR, 'createClient')).toBeNull();
    expect(refusal(user(Role.VIEWER), Role.VIEWER, 'clients')).toBeNull();
  });

  it('names the field and the role needed, for keys and users', () => {
    expect(refusal(key(Role.VIEWER), Role.EDITOR, 'createClient')).toBe('A VIEWER key cannot run createClient: it needs an EDITOR key');
    expect(refusal(key(Role.EDITOR), Role.ADMIN, 'apiKeys')).toBe('An EDITOR key cannot run apiKeys: it needs an ADMIN key');
    expect(refusal(user(Role.EDITOR), Role.ADMIN, 'apiKeys')).toBe('An EDITOR user cannot run apiKeys: it needs an ADMIN role');
  });
});
