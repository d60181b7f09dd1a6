package dev.leti.pretrain.corpus;

import java.util.List;
import java.util.Random;

/**
 * Plain Python programs for the corpus: classes, dictionaries, while loops, recursion,
 * nested loops, exceptions, sorting. They teach the model well-formed Python beyond the task
 * compositions. Written for this project; placeholders are filled from one seeded
 * {@link Random}: {@code {f}} a function name, {@code {a}}/{@code {b}} parameter names,
 * {@code {k}}/{@code {m}} small numbers, {@code {C}} a class name.
 */
final class PlainPrograms {

    private record Template(List<String> functionNames, String text) {
    }

    private static final List<String> PARAMETERS = List.of("a", "b", "items", "values", "data", "xs", "seq");
    private static final List<String> CLASS_NAMES = List.of("Stack", "Box", "Store", "Bag", "Holder", "Pile");

    private static final List<Template> TEMPLATES = List.of(
            new Template(List.of("gcd", "greatest_common_divisor", "euclid"), """
                    def {f}({a}, {b}):
                        while {b} != 0:
                            {a}, {b} = {b}, {a} % {b}
                        return {a}
                    """),
            new Template(List.of("factorial", "fact"), """
                    def {f}(n):
                        if n <= 1:
                            return 1
                        return n * {f}(n - 1)
                    """),
            new Template(List.of("fib", "fibonacci", "nth_fibonacci"), """
                    def {f}(n):
                        {a}, {b} = 0, 1
                        for _ in range(n):
                            {a}, {b} = {b}, {a} + {b}
                        return {a}
                    """),
            new Template(List.of("reverse_number", "reverse_digits", "flip_number"), """
                    def {f}(n):
                        result = 0
                        while n > 0:
                            result = result * 10 + n % 10
                            n = n // 10
                        return result
                    """),
            new Template(List.of("collatz_steps", "steps_to_one"), """
                    def {f}(n):
                        steps = 0
                        while n != 1:
                            if n % 2 == 0:
                                n = n // 2
                            else:
                                n = 3 * n + 1
                            steps += 1
                        return steps
                    """),
            new Template(List.of("is_prime", "check_prime", "prime"), """
                    def {f}(n):
                        if n < 2:
                            return False
                        for i in range(2, int(n ** 0.5) + 1):
                            if n % i == 0:
                                return False
                        return True
                    """),
            new Template(List.of("word_frequency", "count_words", "frequencies"), """
                    def {f}({a}):
                        counts = {}
                        for word in {a}.split():
                            counts[word] = counts.get(word, 0) + 1
                        return counts
                    """),
            new Template(List.of("invert_dict", "swap_keys_values", "reverse_mapping"), """
                    def {f}({a}):
                        return {value: key for key, value in {a}.items()}
                    """),
            new Template(List.of("group_by_length", "bucket_by_size"), """
                    def {f}({a}):
                        groups = {}
                        for item in {a}:
                            groups.setdefault(len(item), []).append(item)
                        return groups
                    """),
            new Template(List.of("transpose", "flip_matrix"), """
                    def {f}(matrix):
                        return [list(row) for row in zip(*matrix)]
                    """),
            new Template(List.of("multiplication_table", "times_table"), """
                    def {f}(n):
                        table = []
                        for i in range(1, n + 1):
                            row = []
                            for j in range(1, n + 1):
                                row.append(i * j)
                            table.append(row)
                        return table
                    """),
            new Template(List.of("pairs_with_sum", "find_pairs"), """
                    def {f}({a}, target):
                        pairs = []
                        for i in range(len({a})):
                            for j in range(i + 1, len({a})):
                                if {a}[i] + {a}[j] == target:
                                    pairs.append(({a}[i], {a}[j]))
                        return pairs
                    """),
            new Template(List.of("is_palindrome", "palindrome", "reads_same_backwards"), """
                    def {f}({a}):
                        cleaned = {a}.lower().replace(' ', '')
                        return cleaned == cleaned[::-1]
                    """),
            new Template(List.of("caesar", "shift_letters", "rotate_text"), """
                    def {f}({a}):
                        result = ''
                        for ch in {a}:
                            if ch.isalpha():
                                result += chr((ord(ch.lower()) - ord('a') + {k}) % 26 + ord('a'))
                            else:
                                result += ch
                        return result
                    """),
            new Template(List.of("run_length", "compress", "encode_runs"), """
                    def {f}({a}):
                        if not {a}:
                            return ''
                        out = []
                        current, count = {a}[0], 1
                        for ch in {a}[1:]:
                            if ch == current:
                                count += 1
                            else:
                                out.append(current + str(count))
                                current, count = ch, 1
                        out.append(current + str(count))
                        return ''.join(out)
                    """),
            new Template(List.of("safe_divide", "divide_or_default"), """
                    def {f}({a}, {b}):
                        try:
                            return {a} / {b}
                        except ZeroDivisionError:
                            return None
                    """),
            new Template(List.of("parse_int", "to_int_or_default"), """
                    def {f}({a}, default={k}):
                        try:
                            return int({a})
                        except ValueError:
                            return default
                    """),
            new Template(List.of("sort_by_second", "order_by_value"), """
                    def {f}({a}):
                        return sorted({a}, key=lambda pair: pair[1])
                    """),
            new Template(List.of("longest_word", "longest"), """
                    def {f}({a}):
                        return max({a}.split(), key=len)
                    """),
            new Template(List.of("flatten", "flatten_list"), """
                    def {f}({a}):
                        result = []
                        for item in {a}:
                            if isinstance(item, list):
                                result.extend({f}(item))
                            else:
                                result.append(item)
                        return result
                    """),
            new Template(List.of("power", "fast_power"), """
                    def {f}(base, exponent):
                        if exponent == 0:
                            return 1
                        half = {f}(base, exponent // 2)
                        if exponent % 2 == 0:
                            return half * half
                        return half * half * base
                    """),
            new Template(List.of("to_binary", "binary_string"), """
                    def {f}(n):
                        if n == 0:
                            return '0'
                        bits = ''
                        while n > 0:
                            bits = str(n % 2) + bits
                            n = n // 2
                        return bits
                    """),
            new Template(List.of("merge_sorted", "merge_lists"), """
                    def {f}({a}, {b}):
                        i, j, merged = 0, 0, []
                        while i < len({a}) and j < len({b}):
                            if {a}[i] <= {b}[j]:
                                merged.append({a}[i])
                                i += 1
                            else:
                                merged.append({b}[j])
                                j += 1
                        return merged + {a}[i:] + {b}[j:]
                    """),
            new Template(List.of("chunks", "split_into_chunks"), """
                    def {f}({a}, size={k}):
                        return [{a}[i:i + size] for i in range(0, len({a}), size)]
                    """),
            new Template(List.of("stack"), """
                    class {C}:
                        def __init__(self):
                            self.items = []

                        def push(self, item):
                            self.items.append(item)

                        def pop(self):
                            if not self.items:
                                return None
                            return self.items.pop()

                        def size(self):
                            return len(self.items)
                    """),
            new Template(List.of("account"), """
                    class Account:
                        def __init__(self, owner, balance={m}):
                            self.owner = owner
                            self.balance = balance

                        def deposit(self, amount):
                            if amount > 0:
                                self.balance += amount
                            return self.balance

                        def withdraw(self, amount):
                            if amount > self.balance:
                                raise ValueError('insufficient funds')
                            self.balance -= amount
                            return self.balance
                    """),
            new Template(List.of("point"), """
                    class Point:
                        def __init__(self, x, y):
                            self.x = x
                            self.y = y

                        def distance_to(self, other):
                            return ((self.x - other.x) ** 2 + (self.y - other.y) ** 2) ** 0.5

                        def moved(self, dx, dy):
                            return Point(self.x + dx, self.y + dy)
                    """),
            new Template(List.of("rectangle"), """
                    class Rectangle:
                        def __init__(self, width, height):
                            self.width = width
                            self.height = height

                        def area(self):
                            return self.width * self.height

                        def perimeter(self):
                            return 2 * (self.width + self.height)

                        def scaled(self, factor={k}):
                            return Rectangle(self.width * factor, self.height * factor)
                    """),
            new Template(List.of("main"), """
                    def {f}():
                        {a} = [{k}, {m}, {k} + {m}]
                        total = 0
                        for value in {a}:
                            total += value
                        print('total:', total)
                        return total
                    """));

    private final Random random;

    PlainPrograms(Random random) {
        this.random = random;
    }

    /** One program from a template picked at random, ending with a newline. */
    String next() {
        Template template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
        String first = pick(PARAMETERS);
        String second = pick(PARAMETERS.stream().filter(name -> !name.equals(first)).toList());
        String text = template.text()
                .replace("{f}", pick(template.functionNames()))
                .replace("{a}", first)
                .replace("{b}", second)
                .replace("{k}", String.valueOf(2 + random.nextInt(8)))
                .replace("{m}", String.valueOf(10 * (1 + random.nextInt(9))))
                .replace("{C}", pick(CLASS_NAMES));
        return random.nextInt(4) == 0 ? "# " + comment(template) + "\n" + text : text;
    }

    private String comment(Template template) {
        return pick(List.of("helper", "utility", "example", "solution")) + ": " + template.functionNames().get(0).replace('_', ' ');
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
