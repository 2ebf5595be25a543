using System.Reflection;
using System.Reflection.Emit;

namespace MjpegGateway.Tests.Architecture;

/// <summary>
/// The types one type uses: its signatures (base, interfaces, fields, properties, methods, attributes) and every type,
/// method or field its IL refers to, so a dependency hidden in a method body (a lambda, an async state machine) counts.
/// </summary>
internal static class TypeDependencies
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Every type <paramref name="type"/> refers to (generic arguments and element types unwrapped).</summary>
    public static HashSet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Add(found, type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(found, i);
        }

        foreach (var attribute in type.GetCustomAttributesData())
        {
            Add(found, attribute.AttributeType);
        }

        foreach (var field in type.GetFields(Everything))
        {
            Add(found, field.FieldType);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Add(found, property.PropertyType);
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                Add(found, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(found, parameter.ParameterType);
            }

            AddBody(found, type, method);
        }

        return found;
    }

    private static void AddBody(HashSet<Type> found, Type type, MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return;
        }

        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short code = il[i++];
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il[i++]);
            }

            var operand = Operands.TryGetValue(code, out var kind) ? kind : OperandType.InlineNone;
            switch (operand)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    try
                    {
                        switch (method.Module.ResolveMember(token, typeArguments, methodArguments))
                        {
                            case Type t:
                                Add(found, t);
                                break;
                            case FieldInfo f:
                                Add(found, f.DeclaringType);
                                Add(found, f.FieldType);
                                break;
                            case MethodBase m:
                                Add(found, m.DeclaringType);
                                if (m.IsGenericMethod)
                                {
                                    foreach (var argument in m.GetGenericArguments())
                                    {
                                        Add(found, argument);
                                    }
                                }

                                break;
                        }
                    }
                    catch (ArgumentException)
                    {
                        // A token in a generic context reflection cannot resolve: its declaring type is seen elsewhere.
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null || !found.Add(type))
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(found, type.GetElementType());
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }
        }
    }
}
