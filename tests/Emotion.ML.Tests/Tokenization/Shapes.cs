using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Tokenization;

/// <summary>Builds a <see cref="SchemaShape"/> from a schema, as ML.NET's internal <c>SchemaShape.Create</c> does.</summary>
internal static class Shapes
{
    public static SchemaShape Of(DataViewSchema schema) => new(schema.Select(Column));

    private static SchemaShape.Column Column(DataViewSchema.Column column)
    {
        var kind = column.Type switch
        {
            VectorDataViewType { IsKnownSize: true } => SchemaShape.Column.VectorKind.Vector,
            VectorDataViewType => SchemaShape.Column.VectorKind.VariableVector,
            _ => SchemaShape.Column.VectorKind.Scalar,
        };
        var itemType = ItemType(column.Type);
        var annotations = new SchemaShape(column.Annotations.Schema.Select(a => SchemaShapes.Column(
            a.Name,
            a.Type is VectorDataViewType ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.Scalar,
            ItemType(a.Type))));
        return SchemaShapes.Column(column.Name, kind, itemType, itemType is KeyDataViewType, annotations);
    }

    private static DataViewType ItemType(DataViewType type) => type is VectorDataViewType vector ? vector.ItemType : type;
}
