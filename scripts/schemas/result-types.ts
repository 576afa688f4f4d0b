/**
 * A command's result type, found from its class: the type argument T of the `Promise<T>` its run() declares.
 * The base command prints exactly what run() resolves to as the envelope's `result`, so T is the schema.
 */
import ts from 'typescript';

import type {CommandSource} from './commands.js';

/**
 * ts-json-schema-generator works from type nodes and cannot evaluate `Awaited<ReturnType<C['run']>>` (it yields
 * `not: {}`), so the checker finds run() on the class (inherited or not) and we hand over its declared return
 * type's argument. run() must declare `Promise<T>`: an inferred return type has no node to generate from.
 */
export function resultTypeNode(program: ts.Program, command: CommandSource): ts.TypeNode {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(command.file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${command.relative}: not in the program (command ${command.id})`);
  let exported = checker.getExportsOfModule(module).find((symbol) => symbol.escapedName === 'default');
  if (exported && exported.flags & ts.SymbolFlags.Alias) exported = checker.getAliasedSymbol(exported);
  if (!exported || !(exported.flags & ts.SymbolFlags.Class)) throw new Error(`${command.relative}: no default-exported command class`);
  const run = checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(exported), 'run');
  const declaration = run?.valueDeclaration;
  if (!declaration || !ts.isMethodDeclaration(declaration)) throw new Error(`${command.relative}: the command class has no run() method`);
  const declared = declaration.type;
  if (!declared || !ts.isTypeReferenceNode(declared) || declared.typeName.getText() !== 'Promise' || declared.typeArguments?.length !== 1) {
    throw new Error(`${command.relative}: run() must declare its result type as Promise<Result>`);
  }
  return declared.typeArguments[0];
}

/** An exported interface or type alias of a source file, e.g. ErrorEnvelope of src/cli/json-envelope.ts. */
export function exportedDeclaration(program: ts.Program, file: string, name: string): ts.InterfaceDeclaration | ts.TypeAliasDeclaration {
  const found = program.getSourceFile(file)?.statements.find(
    (statement): statement is ts.InterfaceDeclaration | ts.TypeAliasDeclaration =>
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text === name,
  );
  if (!found) throw new Error(`${file}: no exported type ${name}`);
  return found;
}
