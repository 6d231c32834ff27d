//! A [`Document`] as JSON or YAML text: built as a `serde_json::Value` with placeholders where
//! numbers go, serialized, then the number literals spliced in (most of them no `Value` can hold).

use std::path::PathBuf;

use serde_json::{json, Map, Value};

use super::{Bound, Branch, Document, Name, Object, Operation, Property, Scalar, ScalarKind, Schema, Security, Syntax, Version, YAML_NUMBERS};

/// A document as text, at the path it is read from.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub path: PathBuf,
    pub text: String,
}

/// Strings standing for numbers in the `Value` until they are spliced into the text: `NUMBERxSLOT7x`
/// (the closing `x` keeps slot 1 from matching the start of slot 12).
const SLOT: &str = "NUMBERxSLOT";

impl Document {
    /// The document as JSON or YAML text, numbers spliced in literally.
    pub fn render(&self) -> Rendered {
        let mut renderer = Renderer { document: self, schema_names: Vec::new(), numbers: Vec::new() };
        let value = renderer.document_value();
        let (extension, mut text) = match self.syntax {
            Syntax::Json => ("json", serde_json::to_string_pretty(&value).unwrap_or_default()),
            Syntax::Yaml => ("yaml", serde_yaml_ng::to_string(&value).unwrap_or_default()),
        };
        for (slot, literal) in renderer.numbers.iter().enumerate() {
            let placeholder = format!("{SLOT}{slot}x");
            let literal = match (self.syntax, YAML_NUMBERS.contains(literal)) {
                (Syntax::Json, true) => format!("\"{literal}\""),
                _ => (*literal).to_owned(),
            };
            let quoted = match self.syntax {
                Syntax::Json => format!("\"{placeholder}\""),
                Syntax::Yaml => placeholder,
            };
            text = text.replace(&quoted, &literal);
        }
        Rendered { path: PathBuf::from(format!("{}.{extension}", self.file_stem)), text }
    }
}

struct Renderer<'a> {
    document: &'a Document,
    schema_names: Vec<String>,
    numbers: Vec<&'static str>,
}

impl Renderer<'_> {
    fn name(&self, name: Name) -> String {
        match name {
            Name::Listed(name) => name.to_owned(),
            Name::Family { second, suffix } => format!("{}{suffix}", self.document.stems[usize::from(second)]),
        }
    }

    fn number(&mut self, literal: &'static str) -> Value {
        self.numbers.push(literal);
        Value::String(format!("{SLOT}{}x", self.numbers.len() - 1))
    }

    fn v31(&self) -> bool {
        self.document.version == Version::V31
    }

    fn document_value(&mut self) -> Value {
        let document = self.document;
        self.schema_names = document.schemas.iter().map(|(name, _)| self.name(*name)).collect();
        let mut schemas = Map::new();
        for (index, (_, schema)) in document.schemas.iter().enumerate() {
            let value = self.schema(schema);
            schemas.insert(self.schema_names[index].clone(), value);
        }
        self.tag_branches(&mut schemas);
        let mut paths = Map::new();
        for operation in &document.operations {
            let (path, value) = self.operation(operation);
            let item = paths.entry(path).or_insert_with(|| json!({}));
            if let Value::Object(item) = item {
                item.insert(operation.method.to_owned(), value);
            }
        }
        let mut security_schemes = Map::new();
        for (name, scheme) in &document.security {
            let value = match scheme {
                Security::ApiKey { location, name } => json!({"type": "apiKey", "in": location, "name": self.name(*name)}),
                Security::Bearer => json!({"type": "http", "scheme": "bearer"}),
                Security::Basic => json!({"type": "http", "scheme": "basic"}),
            };
            security_schemes.insert(self.name(*name), value);
        }
        let requirements: Vec<Value> = security_schemes.keys().map(|name| json!({ name: [] })).collect();
        let version = match document.version {
            Version::V30 => "3.0.3",
            Version::V31 => "3.1.0",
        };
        let mut components = Map::new();
        components.insert("schemas".to_owned(), Value::Object(schemas));
        if !security_schemes.is_empty() {
            components.insert("securitySchemes".to_owned(), Value::Object(security_schemes));
        }
        let mut root = json!({
            "openapi": version,
            "info": {"title": "adversarial", "version": "1"},
            "paths": paths,
            "components": components,
        });
        if !requirements.is_empty() {
            root["security"] = Value::Array(requirements);
        }
        root
    }

    fn reference(&self, index: usize) -> Value {
        match self.schema_names.len() {
            0 => json!({"type": "string"}),
            count => {
                let name = &self.schema_names[index % count];
                json!({"$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))})
            }
        }
    }

    fn nullable(&self, mut schema: Value, nullable: bool) -> Value {
        if !nullable {
            return schema;
        }
        match (self.v31(), schema.get("type").cloned()) {
            (true, Some(Value::String(kind))) => schema["type"] = json!([kind, "null"]),
            (false, Some(_)) => schema["nullable"] = Value::Bool(true),
            _ => {}
        }
        schema
    }

    fn schema(&mut self, schema: &Schema) -> Value {
        match schema {
            Schema::Object(object) => self.object(object),
            Schema::StringEnum { values, nullable } => {
                let values: Vec<Value> = values.iter().map(|v| Value::String(self.name(*v))).collect();
                self.nullable(json!({"type": "string", "enum": values}), *nullable)
            }
            Schema::NumberEnum { integer, values } => {
                let values: Vec<Value> = values.iter().map(|v| self.number(v)).collect();
                json!({"type": if *integer { "integer" } else { "number" }, "enum": values})
            }
            Schema::Union { one_of, branches, discriminator } => {
                let branches: Vec<Value> = branches.iter().map(|b| self.branch(b)).collect();
                let mut value = json!({ if *one_of { "oneOf" } else { "anyOf" }: branches });
                if let Some(discriminator) = discriminator {
                    let mapping: Map<String, Value> = discriminator
                        .mapping
                        .iter()
                        .map(|(value, index)| (self.name(*value), self.reference(*index)["$ref"].clone()))
                        .filter(|(_, reference)| reference.is_string())
                        .collect();
                    let mut object = json!({"propertyName": self.name(discriminator.property)});
                    if !mapping.is_empty() {
                        object["mapping"] = Value::Object(mapping);
                    }
                    value["discriminator"] = object;
                }
                value
            }
            Schema::AllOf(parts) => {
                let parts: Vec<Value> = parts.iter().map(|b| self.branch(b)).collect();
                json!({"allOf": parts})
            }
            Schema::Array { items, min, max } => {
                let mut value = json!({"type": "array", "items": self.property(items)});
                if let Some(min) = min {
                    value["minItems"] = self.number(min);
                }
                if let Some(max) = max {
                    value["maxItems"] = self.number(max);
                }
                value
            }
            Schema::Map(values) => json!({"type": "object", "additionalProperties": self.property(values)}),
            Schema::Scalar(scalar) => self.scalar(scalar),
            Schema::Alias(index, description) => {
                let reference = self.reference(*index);
                if self.v31() {
                    let mut reference = reference;
                    reference["description"] = Value::from(*description);
                    reference
                } else {
                    json!({"allOf": [reference], "description": description})
                }
            }
        }
    }

    fn object(&mut self, object: &Object) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (name, property, is_required) in &object.properties {
            let name = self.name(*name);
            if *is_required && !required.contains(&Value::String(name.clone())) {
                required.push(Value::String(name.clone()));
            }
            let value = self.property(property);
            properties.insert(name, value);
        }
        let mut value = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            value["required"] = Value::Array(required);
        }
        if let Some(additional) = &object.additional {
            value["additionalProperties"] = self.property(additional);
        }
        if let Some(description) = object.description {
            value["description"] = Value::from(description);
        }
        value
    }

    fn branch(&mut self, branch: &Branch) -> Value {
        match branch {
            Branch::Ref(index) => self.reference(*index),
            Branch::Scalar(scalar) => self.scalar(scalar),
            Branch::Object(object) => self.object(object),
        }
    }

    fn property(&mut self, property: &Property) -> Value {
        match property {
            Property::Ref(index) => self.reference(*index),
            Property::Scalar(scalar) => self.scalar(scalar),
            Property::Enum(values) => json!({"type": "string", "enum": values.iter().map(|v| self.name(*v)).collect::<Vec<_>>()}),
            Property::Tag(value) => self.tag(&self.name(*value)),
            Property::Array(items) => json!({"type": "array", "items": self.property(items)}),
            Property::Map(values) => json!({"type": "object", "additionalProperties": self.property(values)}),
            Property::Object(properties) => {
                let mut map = Map::new();
                for (name, property) in properties {
                    let value = self.property(property);
                    map.insert(self.name(*name), value);
                }
                json!({"type": "object", "properties": map})
            }
        }
    }

    fn tag(&self, value: &str) -> Value {
        if self.v31() {
            json!({"const": value})
        } else {
            json!({"type": "string", "enum": [value]})
        }
    }

    fn scalar(&mut self, scalar: &Scalar) -> Value {
        let kind = match scalar.kind {
            ScalarKind::Integer => "integer",
            ScalarKind::Number => "number",
            ScalarKind::String => "string",
            ScalarKind::Boolean => "boolean",
        };
        let mut value = json!({ "type": kind });
        if let Some(format) = scalar.format {
            value["format"] = Value::from(format);
        }
        for (bound, literal) in &scalar.bounds {
            let numeric = matches!(scalar.kind, ScalarKind::Integer | ScalarKind::Number);
            let keyword = match (bound, numeric) {
                (Bound::Lower, true) => "minimum",
                (Bound::Upper, true) => "maximum",
                (Bound::Lower, false) => "minLength",
                (Bound::Upper, false) => "maxLength",
                (Bound::ExclusiveLower | Bound::ExclusiveUpper, true) if !self.v31() => {
                    // 3.0: a boolean beside the bound it makes exclusive.
                    let (bound, exclusive) = match bound {
                        Bound::ExclusiveLower => ("minimum", "exclusiveMinimum"),
                        _ => ("maximum", "exclusiveMaximum"),
                    };
                    value[bound] = self.number(literal);
                    value[exclusive] = Value::Bool(true);
                    continue;
                }
                (Bound::ExclusiveLower, true) => "exclusiveMinimum",
                (Bound::ExclusiveUpper, true) => "exclusiveMaximum",
                (Bound::MultipleOf, true) => "multipleOf",
                (Bound::Default, true) => "default",
                (Bound::Example, true) => "example",
                _ => continue,
            };
            value[keyword] = self.number(literal);
        }
        self.nullable(value, scalar.nullable)
    }

    /// Gives every object a tagged union refers to its tag property, as real specs do.
    fn tag_branches(&self, schemas: &mut Map<String, Value>) {
        for (_, schema) in &self.document.schemas {
            let Schema::Union { branches, discriminator: Some(discriminator), .. } = schema else { continue };
            if !discriminator.tag_branches || self.schema_names.is_empty() {
                continue;
            }
            let property = self.name(discriminator.property);
            for branch in branches {
                let Branch::Ref(index) = branch else { continue };
                let index = index % self.schema_names.len();
                let target = &self.schema_names[index];
                let mapped = discriminator.mapping.iter().find(|(_, to)| to % self.schema_names.len() == index);
                let tag = mapped.map_or_else(|| target.clone(), |(value, _)| self.name(*value));
                let Some(Value::Object(object)) = schemas.get_mut(target) else { continue };
                if let Some(Value::Object(properties)) = object.get_mut("properties") {
                    properties.insert(property.clone(), self.tag(&tag));
                    let required = object.entry("required").or_insert_with(|| json!([]));
                    if let Value::Array(required) = required {
                        if !required.contains(&Value::String(property.clone())) {
                            required.push(Value::String(property.clone()));
                        }
                    }
                }
            }
        }
    }

    fn operation(&mut self, operation: &Operation) -> (String, Value) {
        let mut path = format!("/{}", operation.segment);
        let mut parameters = Vec::new();
        for parameter in &operation.parameters {
            let name = self.name(parameter.name);
            if parameter.location == "path" {
                path.push_str(&format!("/{{{name}}}"));
            }
            let schema = self.property(&parameter.schema);
            let required = parameter.required || parameter.location == "path";
            parameters.push(json!({"name": name, "in": parameter.location, "required": required, "schema": schema}));
        }
        let mut value = json!({});
        if let Some(id) = operation.id {
            value["operationId"] = Value::String(self.name(id));
        }
        if let Some(summary) = operation.summary {
            value["summary"] = Value::from(summary);
        }
        if !operation.tags.is_empty() {
            value["tags"] = operation.tags.iter().map(|t| Value::String(self.name(*t))).collect();
        }
        if !parameters.is_empty() {
            value["parameters"] = Value::Array(parameters);
        }
        if let Some((media_type, body)) = &operation.body {
            value["requestBody"] = json!({"required": true, "content": { *media_type: {"schema": self.property(body)} }});
        }
        let mut responses = Map::new();
        for (status, content) in &operation.responses {
            let mut response = json!({"description": "a response"});
            if let Some((media_type, schema)) = content {
                response["content"] = json!({ *media_type: {"schema": self.property(schema)} });
            }
            responses.insert((*status).to_owned(), response);
        }
        if responses.is_empty() {
            responses.insert("204".to_owned(), json!({"description": "nothing"}));
        }
        value["responses"] = Value::Object(responses);
        (path, value)
    }
}

/// Whether `document` has the shape that made the generator panic (issue 19): a union with a
/// branch referring to a schema named like the union plus a suffix (`Thing` and `Thing2`).
pub fn has_union_of_longer_name(document: &Document) -> bool {
    let value = Renderer { document, schema_names: Vec::new(), numbers: Vec::new() }.document_value();
    let Some(Value::Object(schemas)) = value.pointer("/components/schemas") else { return false };
    let longer = |union: &str, reference: &str| {
        let target = reference.strip_prefix("#/components/schemas/").unwrap_or_default();
        !union.is_empty() && target.len() > union.len() && target.starts_with(union)
    };
    schemas.iter().any(|(name, schema)| {
        let branches = ["oneOf", "anyOf"].into_iter().filter_map(|keyword| schema.get(keyword)?.as_array());
        branches.into_iter().any(|branches| branches.len() > 1 && branches.iter().filter_map(|b| b.get("$ref")?.as_str()).any(|r| longer(name, r)))
    })
}
