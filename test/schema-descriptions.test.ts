import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType, type GraphQLNamedType } from 'graphql';
import { loadTypeDefs } from './support/app';

/** Every element of a named type that a client sees in the docs explorer, as `Type`, `Type.field`, `Type.field(arg)` or `Enum.VALUE`, with its description. */
function elementsOf(type: GraphQLNamedType): Array<[string, string | null | undefined]> {
  const out: Array<[string, string | null | undefined]> = [[type.name, type.description]];
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      out.push([`${type.name}.${field.name}`, field.description]);
      for (const arg of field.args) out.push([`${type.name}.${field.name}(${arg.name})`, arg.description]);
    }
  } else if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) out.push([`${type.name}.${field.name}`, field.description]);
  } else if (isEnumType(type)) {
    for (const value of type.getValues()) out.push([`${type.name}.${value.name}`, value.description]);
  }
  return out;
}

test('every type, field, argument, input field and enum value of schema.graphql has a description', () => {
  const schema = buildSchema(loadTypeDefs());
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !isSpecifiedScalarType(t));
  const missing = types
    .flatMap(elementsOf)
    .filter(([, description]) => !description?.trim())
    .map(([name]) => name);
  expect(missing).toEqual([]);
});
