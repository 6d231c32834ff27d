//! Structure-aware: the bytes choose an adversarial document (`tests::adversarial`: schema,
//! property, parameter, operation, tag and enum names from adversarial sets, numbers at and past
//! the integer limits), rendered as JSON or YAML, through the whole pipeline. Every document is
//! valid JSON or YAML, so coverage goes to lowering and emission rather than to the parsers. The
//! checks of the property tests apply: no panic, no emission error, no syntax complaint about
//! valid text, files that parse and define no name twice; one input in eight makes a whole crate.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use tests::adversarial::{
    self, Bound, Branch, Discriminator, Document, Name, Object, Operation, Parameter, Property, Scalar, ScalarKind, Schema, Security, Syntax, Version,
};

fuzz_target!(|data: &[u8]| {
    let mut input = Unstructured::new(data);
    let (Ok(whole_crate), Ok(document)) = (sometimes(&mut input, 12), document(&mut input)) else { return };
    let rendered = document.render();
    let checked = if whole_crate { adversarial::check_crate(&rendered) } else { adversarial::check_module(&rendered) };
    if let Err(problem) = checked {
        panic!("{problem}");
    }
});

fn document(input: &mut Unstructured) -> Result<Document> {
    let version = if input.arbitrary()? { Version::V31 } else { Version::V30 };
    let syntax = if input.arbitrary()? { Syntax::Yaml } else { Syntax::Json };
    let file_stem = *input.choose(adversarial::FILE_STEMS)?;
    let first = *input.choose(adversarial::STEMS)?;
    let second = if input.arbitrary()? { *input.choose(adversarial::STEMS)? } else { first };
    Ok(Document {
        version,
        syntax,
        file_stem,
        stems: [first, second],
        schemas: list(input, 1, 6, |input| Ok((schema_name(input)?, schema(input)?)))?,
        security: list(input, 0, 1, |input| Ok((name(input)?, security(input)?)))?,
        operations: list(input, 0, 3, operation)?,
    })
}

/// True for `percent` of the inputs, false when they run out (so that short inputs make small documents).
fn sometimes(input: &mut Unstructured, percent: u8) -> Result<bool> {
    Ok(input.int_in_range(0..=99u8)? >= 100 - percent)
}

/// Between `min` and `max` items made by `item`.
fn list<T>(input: &mut Unstructured, min: usize, max: usize, mut item: impl FnMut(&mut Unstructured) -> Result<T>) -> Result<Vec<T>> {
    let count = input.int_in_range(min..=max)?;
    (0..count).map(|_| item(input)).collect()
}

fn name(input: &mut Unstructured) -> Result<Name> {
    if input.arbitrary()? {
        Ok(Name::Family { second: input.arbitrary()?, suffix: *input.choose(adversarial::SUFFIXES)? })
    } else {
        Ok(Name::Listed(*input.choose(adversarial::NAMES)?))
    }
}

/// Mostly of the document's families, so that `Thing`, `Thing2` and `ThingVariant1` meet.
fn schema_name(input: &mut Unstructured) -> Result<Name> {
    match input.int_in_range(0..=3)? {
        0 => Ok(Name::Family { second: input.arbitrary()?, suffix: "" }),
        1 | 2 => Ok(Name::Family { second: input.arbitrary()?, suffix: *input.choose(adversarial::SUFFIXES)? }),
        _ => Ok(Name::Listed(*input.choose(adversarial::NAMES)?)),
    }
}

fn number(input: &mut Unstructured) -> Result<&'static str> {
    if sometimes(input, 20)? {
        input.choose(adversarial::YAML_NUMBERS).copied()
    } else {
        input.choose(adversarial::NUMBERS).copied()
    }
}

fn schema_index(input: &mut Unstructured) -> Result<usize> {
    input.int_in_range(0..=7)
}

fn scalar(input: &mut Unstructured) -> Result<Scalar> {
    Ok(Scalar {
        kind: *input.choose(&ScalarKind::ALL)?,
        format: if sometimes(input, 30)? { Some(*input.choose(adversarial::FORMATS)?) } else { None },
        bounds: list(input, 0, 2, |input| Ok((*input.choose(&Bound::ALL)?, number(input)?)))?,
        nullable: input.arbitrary()?,
    })
}

fn property(input: &mut Unstructured, depth: u8) -> Result<Property> {
    let kinds = if depth == 0 { 3 } else { 6 };
    Ok(match input.int_in_range(0..=kinds)? {
        0 => Property::Ref(schema_index(input)?),
        1 => Property::Scalar(scalar(input)?),
        2 => Property::Enum(list(input, 1, 3, name)?),
        3 => Property::Tag(name(input)?),
        4 => Property::Array(Box::new(property(input, depth - 1)?)),
        5 => Property::Map(Box::new(property(input, depth - 1)?)),
        _ => Property::Object(list(input, 1, 2, |input| Ok((name(input)?, property(input, depth - 1)?)))?),
    })
}

fn object(input: &mut Unstructured) -> Result<Object> {
    Ok(Object {
        properties: list(input, 0, 4, |input| Ok((name(input)?, property(input, 2)?, input.arbitrary()?)))?,
        additional: if sometimes(input, 20)? { Some(property(input, 1)?) } else { None },
        description: if sometimes(input, 20)? { Some(*input.choose(adversarial::DOCS)?) } else { None },
    })
}

fn branch(input: &mut Unstructured) -> Result<Branch> {
    Ok(match input.int_in_range(0..=5)? {
        0..=3 => Branch::Ref(schema_index(input)?),
        4 => Branch::Scalar(scalar(input)?),
        _ => Branch::Object(object(input)?),
    })
}

fn schema(input: &mut Unstructured) -> Result<Schema> {
    Ok(match input.int_in_range(0..=15)? {
        0..=2 => Schema::Object(object(input)?),
        3 | 4 => Schema::StringEnum { values: list(input, 1, 4, name)?, nullable: input.arbitrary()? },
        5 => Schema::NumberEnum { integer: input.arbitrary()?, values: list(input, 1, 3, number)? },
        6..=10 => {
            let discriminator = if input.arbitrary()? {
                Some(Discriminator {
                    property: name(input)?,
                    mapping: list(input, 0, 2, |input| Ok((name(input)?, schema_index(input)?)))?,
                    tag_branches: input.arbitrary()?,
                })
            } else {
                None
            };
            Schema::Union { one_of: input.arbitrary()?, branches: list(input, 1, 4, branch)?, discriminator }
        }
        11 => Schema::AllOf(list(input, 1, 3, branch)?),
        12 => {
            let min = if input.arbitrary()? { Some(number(input)?) } else { None };
            let max = if input.arbitrary()? { Some(number(input)?) } else { None };
            Schema::Array { items: property(input, 2)?, min, max }
        }
        13 => Schema::Map(property(input, 2)?),
        14 => Schema::Scalar(scalar(input)?),
        _ => Schema::Alias(schema_index(input)?, *input.choose(adversarial::DOCS)?),
    })
}

fn security(input: &mut Unstructured) -> Result<Security> {
    Ok(match input.int_in_range(0..=2)? {
        0 => Security::ApiKey { location: *input.choose(&["header", "query", "cookie"])?, name: name(input)? },
        1 => Security::Bearer,
        _ => Security::Basic,
    })
}

fn operation(input: &mut Unstructured) -> Result<Operation> {
    let content = |input: &mut Unstructured| Ok((*input.choose(adversarial::MEDIA_TYPES)?, property(input, 2)?));
    Ok(Operation {
        segment: *input.choose(adversarial::SEGMENTS)?,
        method: *input.choose(adversarial::METHODS)?,
        id: if sometimes(input, 80)? { Some(name(input)?) } else { None },
        summary: if sometimes(input, 20)? { Some(*input.choose(adversarial::DOCS)?) } else { None },
        tags: list(input, 0, 1, name)?,
        parameters: list(input, 0, 3, |input| {
            Ok(Parameter {
                name: name(input)?,
                location: *input.choose(&["path", "query", "header", "cookie"])?,
                schema: property(input, 2)?,
                required: input.arbitrary()?,
            })
        })?,
        body: if input.arbitrary()? { Some(content(input)?) } else { None },
        responses: list(input, 0, 2, |input| {
            let status = *input.choose(adversarial::STATUSES)?;
            Ok((status, if sometimes(input, 70)? { Some(content(input)?) } else { None }))
        })?,
    })
}
