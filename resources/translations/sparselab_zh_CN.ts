<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SweepLoader</name>
    <message>
        <source>%1: no checkpoint</source>
        <translation>%1：没有检查点</translation>
    </message>
    <message>
        <source>p%1 seed %2: %3</source>
        <translation>p%1 种子 %2：%3</translation>
    </message>
    <message>
        <source>round %1 </source>
        <translation>第 %1 轮 </translation>
    </message>
</context>
<context>
    <name>SweepPlot</name>
    <message>
        <source>Validation accuracy over %1 × %2</source>
        <translation>验证准确率随 %1 × %2 的变化</translation>
    </message>
    <message>
        <source>Validation accuracy against %1</source>
        <translation>验证准确率与 %1 的关系</translation>
    </message>
</context>
<context>
    <name>sl::FashionMnist</name>
    <message>
        <source>T-shirt/top</source>
        <translation>T恤/上衣</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>裤子</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>套头衫</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>连衣裙</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>外套</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>凉鞋</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>衬衫</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>运动鞋</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>包</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>短靴</translation>
    </message>
</context>
<context>
    <name>sl::MethodRegistry</name>
    <message>
        <source>Dense training</source>
        <translation>稠密训练</translation>
    </message>
    <message>
        <source>No pruning at all: the reference every sparse method is compared with.</source>
        <translation>完全不剪枝：所有稀疏方法都以它为对照基准。</translation>
    </message>
    <message>
        <source>The static mask</source>
        <translation>静态掩码</translation>
    </message>
    <message>
        <source>A random mask at the target sparsity, drawn once and never changed: the baseline dynamic methods must beat.</source>
        <translation>按目标稀疏度随机生成的掩码，只抽取一次，此后不再改变：动态方法必须胜过的基线。</translation>
    </message>
    <message>
        <source>Magnitude pruning</source>
        <translation>幅值剪枝</translation>
    </message>
    <message>
        <source>Prunes the smallest |w|, at once or gradually on a schedule (Zhu &amp; Gupta 2017); pruned weights never return.</source>
        <translation>剪去 |w| 最小的权重，可一次完成，也可按调度逐步进行（Zhu &amp; Gupta 2017）；已剪枝的权重不会再恢复。</translation>
    </message>
    <message>
        <source>with the smallest |w|</source>
        <translation>|w| 最小的</translation>
    </message>
    <message>
        <source>Movement pruning</source>
        <translation>移动剪枝</translation>
    </message>
    <message>
        <source>Every gradient updates a dense latent weight, masked entries too; every ΔT steps the largest latent |w| become the mask.</source>
        <translation>每次梯度都会更新一份稠密的潜在权重，被掩码屏蔽的元素也不例外；每隔 ΔT 步，潜在 |w| 最大的那些权重组成新的掩码。</translation>
    </message>
    <message>
        <source>with the smallest latent |w|</source>
        <translation>潜在 |w| 最小的</translation>
    </message>
    <message>
        <source>with the largest latent |w|</source>
        <translation>潜在 |w| 最大的</translation>
    </message>
    <message>
        <source>Movement-score pruning</source>
        <translation>移动分数剪枝</translation>
    </message>
    <message>
        <source>Keeps the weights moving away from zero, by an accumulated score -W·∂L/∂W (Sanh, Wolf &amp; Rush 2020).</source>
        <translation>按累积分数 -W·∂L/∂W 保留正在远离零的权重（Sanh, Wolf &amp; Rush 2020）。</translation>
    </message>
    <message>
        <source>with the lowest movement score</source>
        <translation>移动分数最低的</translation>
    </message>
    <message>
        <source>with the highest movement score</source>
        <translation>移动分数最高的</translation>
    </message>
    <message>
        <source>RigL</source>
        <translation>RigL</translation>
    </message>
    <message>
        <source>Every ΔT steps drops the smallest |w| and grows where the gradient is largest (Evci et al. 2020).</source>
        <translation>每隔 ΔT 步丢弃 |w| 最小的权重，并在梯度最大的位置再生长（Evci et al. 2020）。</translation>
    </message>
    <message>
        <source>with the largest |gradient|</source>
        <translation>梯度绝对值最大的</translation>
    </message>
    <message>
        <source>SET</source>
        <translation>SET</translation>
    </message>
    <message>
        <source>Every ΔT steps drops the smallest |w| and grows as many at random (Mocanu et al. 2018).</source>
        <translation>每隔 ΔT 步丢弃 |w| 最小的权重，并随机再生长同样数量的权重（Mocanu et al. 2018）。</translation>
    </message>
    <message>
        <source>chosen at random</source>
        <translation>随机选取的</translation>
    </message>
    <message>
        <source>Structured pruning</source>
        <translation>结构化剪枝</translation>
    </message>
    <message>
        <source>Removes whole neurons and filters with the smallest row norm (Li et al. 2017).</source>
        <translation>移除行范数最小的整个神经元和滤波器（Li et al. 2017）。</translation>
    </message>
    <message>
        <source>in the whole units with the smallest row norm</source>
        <translation>位于行范数最小的整个单元中的</translation>
    </message>
    <message>
        <source>N:M pruning</source>
        <translation>N:M 剪枝</translation>
    </message>
    <message>
        <source>Keeps the n largest |w| of every m consecutive inputs, the pattern sparse tensor cores run (Mishra et al. 2021).</source>
        <translation>在每 m 个相邻输入中保留 |w| 最大的 n 个，这正是稀疏张量核心能运行的模式（Mishra et al. 2021）。</translation>
    </message>
    <message>
        <source>with the smallest |w| of their group of m</source>
        <translation>在各自 m 个一组中 |w| 最小的</translation>
    </message>
    <message>
        <source>L1 regularization</source>
        <translation>L1 正则化</translation>
    </message>
    <message>
        <source>Adds λ·Σ|w| to the loss; soft-thresholding makes exact zeros and sparsity emerges.</source>
        <translation>在损失上加上 λ·Σ|w|；软阈值把权重精确置零，稀疏度由此自然涌现。</translation>
    </message>
    <message>
        <source>that the penalty pulled to zero</source>
        <translation>被惩罚项拉到零的</translation>
    </message>
    <message>
        <source>that the gradient pushed away from zero</source>
        <translation>被梯度推离零的</translation>
    </message>
    <message>
        <source>L0 regularization</source>
        <translation>L0 正则化</translation>
    </message>
    <message>
        <source>Learns a hard-concrete gate per weight or neuron under an expected-L0 penalty (Louizos et al. 2018).</source>
        <translation>在期望 L0 惩罚下，为每个权重或神经元学习一个 hard-concrete 门控（Louizos et al. 2018）。</translation>
    </message>
    <message>
        <source>whose gates closed</source>
        <translation>门控已关闭的</translation>
    </message>
    <message>
        <source>whose gates opened</source>
        <translation>门控已打开的</translation>
    </message>
</context>
<context>
    <name>sl::RunConfig</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Train on only the first n examples (0 = all): quicker runs for a class.</source>
        <translation>只用前 n 个样本训练（0 = 全部）：让课堂上的运行更快。</translation>
    </message>
    <message>
        <source>Training examples used</source>
        <translation>使用的训练样本数</translation>
    </message>
    <message>
        <source>Evaluate on only the first n test examples (0 = all).</source>
        <translation>只在前 n 个测试样本上评估（0 = 全部）。</translation>
    </message>
    <message>
        <source>Test examples used</source>
        <translation>使用的测试样本数</translation>
    </message>
    <message>
        <source>Shift and scale every input feature to mean 0 and standard deviation 1, measured on the training set.</source>
        <translation>对每个输入特征做平移和缩放，使其均值为 0、标准差为 1（均值和标准差在训练集上测得）。</translation>
    </message>
    <message>
        <source>Standardize inputs</source>
        <translation>输入标准化</translation>
    </message>
    <message>
        <source>Synthetic sets: how many training points (the test set gets half as many).</source>
        <translation>合成数据集：训练点的数量（测试集取其一半）。</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Synthetic sets: how much random jitter each point gets; more noise makes the classes overlap.</source>
        <translation>合成数据集：每个点加入的随机扰动有多大；噪声越大，各类别越容易重叠。</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Synthetic spirals and blobs: how many classes (arms or clusters).</source>
        <translation>合成的 spirals 和 blobs：类别数（螺旋臂数或簇数）。</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Fraction of the training set held out as a validation set (0 = none): the same examples for a given seed. Sweeps and searches choose on it, never on the test set.</source>
        <translation>从训练集中留出作为验证集的比例（0 = 不留）：同一随机种子下总是同一批样本。参数扫描和搜索都依据验证集做选择，从不依据测试集。</translation>
    </message>
    <message>
        <source>Validation fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Sizes of the hidden layers, e.g. [300, 100]. Input and output sizes come from the data.</source>
        <translation>各隐藏层的大小，例如 [300, 100]。输入和输出的大小由数据决定。</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>The nonlinearity after every hidden layer.</source>
        <translation>每个隐藏层之后使用的非线性函数。</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>How initial weights are drawn: He suits relu, Glorot suits tanh and sigmoid; auto picks by the activation.</source>
        <translation>初始权重的抽取方式：He 适合 relu，Glorot 适合 tanh 和 sigmoid；auto 根据激活函数自动选择。</translation>
    </message>
    <message>
        <source>Initialization</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>cnn: output channels of each convolution, e.g. [16, 32].</source>
        <translation>cnn：每个卷积层的输出通道数，例如 [16, 32]。</translation>
    </message>
    <message>
        <source>Conv channels</source>
        <translation>卷积通道数</translation>
    </message>
    <message>
        <source>cnn: the side of every square convolution kernel.</source>
        <translation>cnn：每个正方形卷积核的边长。</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>cnn: how far each convolution moves between outputs.</source>
        <translation>cnn：卷积每产生一个输出后移动的距离。</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>cnn: zeros added around each input image of a convolution.</source>
        <translation>cnn：在卷积的每张输入图像四周补充的零。</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>cnn: max-pooling window (and stride) after each convolution; 1 = no pooling.</source>
        <translation>cnn：每个卷积之后的最大池化窗口（同时也是其步幅）；1 = 不做池化。</translation>
    </message>
    <message>
        <source>Max-pool window</source>
        <translation>最大池化窗口</translation>
    </message>
    <message>
        <source>moe: how many expert networks the gate chooses among.</source>
        <translation>moe：门控网络可从中选择的专家网络个数。</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>专家数</translation>
    </message>
    <message>
        <source>moe: hidden units inside each expert.</source>
        <translation>moe：每个专家内部的隐藏单元数。</translation>
    </message>
    <message>
        <source>Expert hidden units</source>
        <translation>专家隐藏单元数</translation>
    </message>
    <message>
        <source>moe: experts each input is routed to (1 or 2).</source>
        <translation>moe：每个输入被路由到的专家数（1 或 2）。</translation>
    </message>
    <message>
        <source>Experts per input (k)</source>
        <translation>每个输入的专家数 (k)</translation>
    </message>
    <message>
        <source>moe: weight of the load-balancing loss that keeps the experts evenly used.</source>
        <translation>moe：负载均衡损失的权重，这项损失让各专家被均匀地使用。</translation>
    </message>
    <message>
        <source>Load-balancing weight</source>
        <translation>负载均衡权重</translation>
    </message>
    <message>
        <source>Weight storage</source>
        <translation>权重存储方式</translation>
    </message>
    <message>
        <source>The update rule: SGD with momentum, Adam, or AdamW (Adam with decoupled weight decay).</source>
        <translation>更新规则：带动量的 SGD、Adam，或 AdamW（采用解耦权重衰减的 Adam）。</translation>
    </message>
    <message>
        <source>Learning rate: how big a step each update takes. Too high diverges, too low crawls.</source>
        <translation>学习率：每次更新的步长有多大。太大会发散，太小则进展缓慢。</translation>
    </message>
    <message>
        <source>SGD: how much of the previous update carries into the next (0.9 is usual).</source>
        <translation>SGD：上一次更新有多少延续到下一次（通常取 0.9）。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>SGD: use Nesterov&apos;s look-ahead momentum.</source>
        <translation>SGD：使用 Nesterov 的前瞻动量。</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Pulls every weight a little towards zero each step (L2; decoupled for adamw).</source>
        <translation>每一步都把每个权重向零拉近一点（L2；adamw 采用解耦方式）。</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Adam: how slowly the running mean of the gradient forgets (0.9 is usual).</source>
        <translation>Adam：梯度的滑动平均遗忘得有多慢（通常取 0.9）。</translation>
    </message>
    <message>
        <source>β₁ (gradient memory)</source>
        <translation>β₁（梯度记忆）</translation>
    </message>
    <message>
        <source>Adam: how slowly the running mean of the squared gradient forgets (0.999).</source>
        <translation>Adam：梯度平方的滑动平均遗忘得有多慢（0.999）。</translation>
    </message>
    <message>
        <source>β₂ (squared-gradient memory)</source>
        <translation>β₂（梯度平方记忆）</translation>
    </message>
    <message>
        <source>Adam: a small number that keeps the step finite where gradients are tiny.</source>
        <translation>Adam：一个很小的数，在梯度极小时让步长保持有限。</translation>
    </message>
    <message>
        <source>ε</source>
        <translation>ε</translation>
    </message>
    <message>
        <source>How the learning rate changes over the run: constant, cut by gamma every few epochs (step), or a smooth cosine decay to min_lr.</source>
        <translation>学习率在运行中如何变化：constant（保持不变）、step（每隔几轮乘以 gamma 下调），或 cosine（按余弦平滑衰减到 min_lr）。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <source>Step schedule: epochs between cuts of the learning rate.</source>
        <translation>step 调度：两次下调学习率之间相隔的轮数。</translation>
    </message>
    <message>
        <source>Epochs between cuts</source>
        <translation>每次下调间隔的轮数</translation>
    </message>
    <message>
        <source>Step schedule: the factor the learning rate is multiplied by at each cut.</source>
        <translation>step 调度：每次下调时学习率所乘的系数。</translation>
    </message>
    <message>
        <source>γ (cut factor)</source>
        <translation>γ（下调系数）</translation>
    </message>
    <message>
        <source>Cosine schedule: the learning rate reached at the last step.</source>
        <translation>cosine 调度：最后一步时达到的学习率。</translation>
    </message>
    <message>
        <source>Final learning rate</source>
        <translation>最终学习率</translation>
    </message>
    <message>
        <source>Ramp the learning rate up from 0 over the first steps.</source>
        <translation>在最初的若干步中把学习率从 0 逐渐升高。</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>Passes over the training set.</source>
        <translation>遍历训练集的次数。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Examples per step: larger batches give smoother but fewer updates.</source>
        <translation>每步使用的样本数：批次越大，更新越平稳，但更新次数越少。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Steps between test-set evaluations (0 = at the end of each epoch only).</source>
        <translation>两次测试集评估之间的步数（0 = 只在每轮结束时评估）。</translation>
    </message>
    <message>
        <source>Evaluate every (steps)</source>
        <translation>评估间隔（步）</translation>
    </message>
    <message>
        <source>Steps averaged into one point of the training loss curve.</source>
        <translation>训练损失曲线上每个点由多少步平均而来。</translation>
    </message>
    <message>
        <source>Log every (steps)</source>
        <translation>记录间隔（步）</translation>
    </message>
    <message>
        <source>Stop after this many steps even if epochs remain (0 = no limit).</source>
        <translation>达到此步数即停止，即使还有剩余的轮次（0 = 不限制）。</translation>
    </message>
    <message>
        <source>Stop after (steps)</source>
        <translation>在此步数后停止</translation>
    </message>
    <message>
        <source>How weights are pruned; each method&apos;s own description follows its name.</source>
        <translation>权重如何被剪枝；每种方法的说明紧跟在其名称之后。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Fraction of the weights that are zero at the end, e.g. 0.9 keeps one in ten. structured: the fraction of neurons or filters removed; nm, l1 and l0 ignore it.</source>
        <translation>训练结束时为零的权重比例，例如 0.9 表示每十个权重保留一个。structured：被移除的神经元或滤波器的比例；nm、l1 和 l0 不使用此项。</translation>
    </message>
    <message>
        <source>Target sparsity</source>
        <translation>目标稀疏度</translation>
    </message>
    <message>
        <source>How the target is split across layers: uniform (the same everywhere), erk (bigger layers sparser), or global (one ranking of all weights).</source>
        <translation>目标稀疏度如何分配到各层：uniform（各层相同）、erk（越大的层越稀疏），或 global（对所有权重统一排序）。</translation>
    </message>
    <message>
        <source>Spread over layers</source>
        <translation>在各层间的分配</translation>
    </message>
    <message>
        <source>Uniform distribution: keep the first layer dense (it sees the raw pixels).</source>
        <translation>uniform 分配：第一层保持稠密（它直接接收原始像素）。</translation>
    </message>
    <message>
        <source>Dense first layer</source>
        <translation>第一层保持稠密</translation>
    </message>
    <message>
        <source>How sparsity grows over the run: constant (from the start), one-shot (all at start_step), linear, or cubic (fast at first, gently at the end: Zhu &amp; Gupta).</source>
        <translation>稀疏度在运行中如何增长：constant（从一开始就达到）、one-shot（在 start_step 一次达到）、linear（线性增长），或 cubic（先快后缓：Zhu &amp; Gupta）。</translation>
    </message>
    <message>
        <source>Sparsity schedule</source>
        <translation>稀疏度调度</translation>
    </message>
    <message>
        <source>Gradual schedules: the sparsity at start_step.</source>
        <translation>渐进式调度：start_step 时的稀疏度。</translation>
    </message>
    <message>
        <source>Initial sparsity</source>
        <translation>初始稀疏度</translation>
    </message>
    <message>
        <source>Gradual schedules: where sparsity starts rising; one-shot: the pruning step.</source>
        <translation>渐进式调度：稀疏度开始上升的那一步；one-shot：执行剪枝的那一步。</translation>
    </message>
    <message>
        <source>Start step</source>
        <translation>起始步</translation>
    </message>
    <message>
        <source>Gradual schedules: where the target is reached (0 = at 75% of the run).</source>
        <translation>渐进式调度：达到目标稀疏度的那一步（0 = 运行进行到 75% 时）。</translation>
    </message>
    <message>
        <source>End step</source>
        <translation>结束步</translation>
    </message>
    <message>
        <source>Steps between mask updates (ΔT). Small: masks change often; large: weights get time to prove themselves.</source>
        <translation>两次掩码更新之间的步数 (ΔT)。较小：掩码频繁变化；较大：权重有时间证明自己的价值。</translation>
    </message>
    <message>
        <source>ΔT (mask-update interval)</source>
        <translation>ΔT（掩码更新间隔）</translation>
    </message>
    <message>
        <source>rigl and set: the fraction α of active weights dropped (and regrown) at each mask update.</source>
        <translation>rigl 和 set：每次掩码更新时丢弃（并再生长）的活跃权重比例 α。</translation>
    </message>
    <message>
        <source>α (drop fraction)</source>
        <translation>α（丢弃比例）</translation>
    </message>
    <message>
        <source>rigl and set: how α decays: cosine to 0 at t_end, or constant.</source>
        <translation>rigl 和 set：α 如何衰减：cosine（按余弦在 t_end 时降到 0），或 constant（保持不变）。</translation>
    </message>
    <message>
        <source>α decay</source>
        <translation>α 衰减</translation>
    </message>
    <message>
        <source>rigl and set: no more mask updates from this step on (0 = at 75% of the run).</source>
        <translation>rigl 和 set：从这一步起不再更新掩码（0 = 运行进行到 75% 时）。</translation>
    </message>
    <message>
        <source>Last update (t_end)</source>
        <translation>最后一次更新 (t_end)</translation>
    </message>
    <message>
        <source>structured: the norm that ranks whole neurons and filters; the weakest go.</source>
        <translation>structured：给整个神经元和滤波器排序所用的范数；最弱的被移除。</translation>
    </message>
    <message>
        <source>Unit ranking norm</source>
        <translation>单元排序范数</translation>
    </message>
    <message>
        <source>nm: weights kept in every group of m consecutive inputs (2 of 4 by default).</source>
        <translation>nm：相邻的 m 个输入为一组，每组保留的权重数（默认 4 个中保留 2 个）。</translation>
    </message>
    <message>
        <source>N (kept per group)</source>
        <translation>N（每组保留数）</translation>
    </message>
    <message>
        <source>nm: the group size; n:m sparsity keeps n of every m.</source>
        <translation>nm：每组的大小；n:m 稀疏在每 m 个中保留 n 个。</translation>
    </message>
    <message>
        <source>M (group size)</source>
        <translation>M（组大小）</translation>
    </message>
    <message>
        <source>magnitude: keep the mask inside an n:m pattern (what sparse tensor cores run).</source>
        <translation>magnitude：让掩码符合 n:m 模式（稀疏张量核心运行的模式）。</translation>
    </message>
    <message>
        <source>Keep an N:M pattern</source>
        <translation>保持 N:M 模式</translation>
    </message>
    <message>
        <source>l1: strength of the penalty lambda * sum |w| that pulls weights to zero.</source>
        <translation>l1：惩罚项 lambda * sum |w| 的强度，这个惩罚项把权重拉向零。</translation>
    </message>
    <message>
        <source>L1 strength λ</source>
        <translation>L1 强度 λ</translation>
    </message>
    <message>
        <source>l1: after each step shrink every weight towards zero by lr * lambda and set those that cross it to exactly zero (soft-thresholding). Without it the subgradient lambda * sign(w) is added and |w| &lt; 1e-3 counts as zero.</source>
        <translation>l1：每一步之后把每个权重向零收缩 lr * lambda，越过零的权重精确置为零（软阈值）。不启用时，改为加上次梯度 lambda * sign(w)，并把 |w| &lt; 1e-3 视为零。</translation>
    </message>
    <message>
        <source>Proximal step (exact zeros)</source>
        <translation>近端步（精确置零）</translation>
    </message>
    <message>
        <source>l0: strength of the expected-L0 penalty on the hard-concrete gates.</source>
        <translation>l0：作用于 hard-concrete 门控的期望 L0 惩罚的强度。</translation>
    </message>
    <message>
        <source>L0 strength λ</source>
        <translation>L0 强度 λ</translation>
    </message>
    <message>
        <source>l0: one gate per weight, or one per neuron (a whole row).</source>
        <translation>l0：每个权重一个门控，或每个神经元（整行）一个门控。</translation>
    </message>
    <message>
        <source>Gate per</source>
        <translation>门控粒度</translation>
    </message>
    <message>
        <source>l0: the (constant) Adam learning rate of the gates&apos; log alpha.</source>
        <translation>l0：门控参数 log alpha 的 Adam 学习率（固定不变）。</translation>
    </message>
    <message>
        <source>Gate learning rate</source>
        <translation>门控学习率</translation>
    </message>
    <message>
        <source>movement: what a weight entering the mask starts with: its latent value (the seed&apos;s algorithm; thousands of drifted weights enter at once and can wreck the loss), zero (as rigl grows), or its latent value clipped to the kept weights&apos; mean magnitude.</source>
        <translation>movement：权重进入掩码时的起始值：latent，即它的潜在值（原始算法的做法；可能有成千上万个已漂移的权重同时进入，使损失急剧恶化）；zero，即零（与 rigl 再生长时相同）；clip，即裁剪到已保留权重平均幅值以内的潜在值。</translation>
    </message>
    <message>
        <source>Entering weights start at</source>
        <translation>进入掩码的权重起始值</translation>
    </message>
    <message>
        <source>movement: zero the optimizer state (momentum) of an entering weight, so that momentum gathered while it was masked does not push it on.</source>
        <translation>movement：把进入掩码的权重的优化器状态（动量）清零，以免它在被屏蔽期间积累的动量继续推动它。</translation>
    </message>
    <message>
        <source>Reset state of entering weights</source>
        <translation>重置进入掩码的权重的状态</translation>
    </message>
    <message>
        <source>movement: SR-STE&apos;s lambda_W: masked latent weights are pulled towards zero by lambda_W * w in their gradient, so they cannot drift far while masked (0 = off).</source>
        <translation>movement：SR-STE 的 lambda_W：被屏蔽的潜在权重在梯度中加上 lambda_W * w，从而被拉向零，在被屏蔽期间不会漂移太远（0 = 关闭）。</translation>
    </message>
    <message>
        <source>Decay of masked weights</source>
        <translation>被屏蔽权重的衰减</translation>
    </message>
    <message>
        <source>Fake int8 quantization of the active weights in the forward pass: one scale per layer or one per output channel (gradients pass straight through).</source>
        <translation>在前向传播中对活跃权重做 int8 伪量化：每层一个缩放因子（per-layer），或每个输出通道一个（per-channel）；反向传播时梯度直接穿过量化（直通估计）。</translation>
    </message>
    <message>
        <source>Int8 fake quantization</source>
        <translation>Int8 伪量化</translation>
    </message>
    <message>
        <source>Mixed precision: keep the first and last prunable layer in float.</source>
        <translation>混合精度：第一个和最后一个可剪枝层保持浮点。</translation>
    </message>
    <message>
        <source>First/last layer in float</source>
        <translation>首/末层保持浮点</translation>
    </message>
    <message>
        <source>Scale the whole gradient down when its L2 norm exceeds this (0 = off).</source>
        <translation>当整个梯度的 L2 范数超过此值时，把梯度按比例缩小（0 = 关闭）。</translation>
    </message>
    <message>
        <source>Clip global norm</source>
        <translation>按全局范数裁剪</translation>
    </message>
    <message>
        <source>Clip every gradient entry to plus or minus this (0 = off).</source>
        <translation>把每个梯度元素裁剪到正负此值之间（0 = 关闭）。</translation>
    </message>
    <message>
        <source>Clip each value</source>
        <translation>按值裁剪</translation>
    </message>
    <message>
        <source>none; topk: send only the largest gradient entries (what a data-parallel worker would transmit); sparse-updates: apply only the largest updates.</source>
        <translation>none（不压缩）；topk：只发送最大的梯度元素（即数据并行时一个工作进程要传输的内容）；sparse-updates：只应用最大的更新。</translation>
    </message>
    <message>
        <source>Gradient compression</source>
        <translation>梯度压缩</translation>
    </message>
    <message>
        <source>topk and sparse-updates: the fraction of entries kept per tensor (0.01 = 1%).</source>
        <translation>topk 和 sparse-updates：每个张量保留的元素比例（0.01 = 1%）。</translation>
    </message>
    <message>
        <source>Gradient density</source>
        <translation>梯度密度</translation>
    </message>
    <message>
        <source>topk: keep what was not sent and add it to the next step&apos;s gradient.</source>
        <translation>topk：保存未发送的部分，并加到下一步的梯度上。</translation>
    </message>
    <message>
        <source>Error feedback</source>
        <translation>误差反馈</translation>
    </message>
    <message>
        <source>topk: accumulate momentum before selecting (Deep Gradient Compression), so delayed entries keep their momentum.</source>
        <translation>topk：先累积动量再做选择（Deep Gradient Compression），使被推迟发送的元素保留各自的动量。</translation>
    </message>
    <message>
        <source>Momentum correction</source>
        <translation>动量修正</translation>
    </message>
    <message>
        <source>Seed of every random choice: the same config and seed give the same run.</source>
        <translation>所有随机选择所用的种子：相同的配置和种子会得到完全相同的运行。</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Threads for matrix products (0 = one per core).</source>
        <translation>矩阵乘法使用的线程数（0 = 每个核心一个）。</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>movement: with a constant schedule, ramp the sparsity up along the cubic schedule (from sparsity.initial at start_step to the target at end_step) instead of pruning everything before the first step.</source>
        <translation>movement：使用 constant（保持不变）调度时，按三次调度逐步提高稀疏度（从 start_step 时的 sparsity.initial 到 end_step 时的目标），而不是在第一步之前一次剪完。</translation>
    </message>
    <message>
        <source>Ramp up gradually</source>
        <translation>逐步提高稀疏度</translation>
    </message>
    <message>
        <source>movement: steps between re-rankings of the latent weights (Dynamic Pruning with Feedback re-ranks every 16); 0 uses sparsity.delta_t. The live ΔT control changes it.</source>
        <translation>movement：两次对潜在权重重新排序之间的步数（Dynamic Pruning with Feedback 每 16 步重排一次）；0 表示使用 sparsity.delta_t。运行中调整 ΔT 也会改变它。</translation>
    </message>
    <message>
        <source>Re-ranking interval</source>
        <translation>重新排序间隔</translation>
    </message>
    <message>
        <source>The data set: Fashion-MNIST (clothing images), MNIST or any IDX folder, or a small 2-D set generated in code (spirals, moons, circles, xor, blobs), or text for model.kind gpt (tang-poems, chinese-fortunes, english-fortunes, text).</source>
        <translation>数据集：Fashion-MNIST（服装图片）、MNIST 或任意 IDX 文件夹，或在代码中生成的小型二维数据集（spirals、moons、circles、xor、blobs），或供 model.kind gpt 使用的文本（tang-poems、chinese-fortunes、english-fortunes、text）。</translation>
    </message>
    <message>
        <source>Folder with the IDX files. Empty: /usr/share/datasets/fashion-mnist for fashion-mnist. For data.name text: the UTF-8 text file.</source>
        <translation>IDX 文件所在的文件夹。留空：fashion-mnist 使用 /usr/share/datasets/fashion-mnist。data.name 为 text 时：UTF-8 文本文件。</translation>
    </message>
    <message>
        <source>The network: mlp (fully connected layers), cnn (convolutions and max-pooling, then fully connected layers; image data only), or moe (a mixture of experts between the hidden layers and the output), or gpt (a character-level transformer for the text sets).</source>
        <translation>网络结构：mlp（全连接层）、cnn（卷积与最大池化，之后是全连接层；仅用于图像数据）、moe（隐藏层与输出之间的专家混合），或 gpt（用于文本数据集的字符级 Transformer）。</translation>
    </message>
    <message>
        <source>gpt: how many transformer blocks (attention, then an MLP) are stacked.</source>
        <translation>gpt：堆叠多少个 Transformer 块（先注意力，后 MLP）。</translation>
    </message>
    <message>
        <source>Transformer blocks</source>
        <translation>Transformer 块数</translation>
    </message>
    <message>
        <source>gpt: the width of every character&apos;s vector inside the model; a multiple of model.heads.</source>
        <translation>gpt：模型内部每个字符向量的宽度；必须是 model.heads 的倍数。</translation>
    </message>
    <message>
        <source>Model width</source>
        <translation>模型宽度</translation>
    </message>
    <message>
        <source>gpt: attention heads per block; each looks at the earlier characters in its own way.</source>
        <translation>gpt：每个块的注意力头数；每个头以自己的方式关注前面的字符。</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>gpt: how many characters the model reads at once (text data is cut into windows of this length).</source>
        <translation>gpt：模型一次读取多少个字符（文本数据被切成这个长度的窗口）。</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>How Dense layers store their weights: dense multiplies the full matrix by the mask; sparse keeps only the active weights (CSR) and costs time in proportion to them; auto uses sparse for a layer at or above 60% sparsity, when the method allows it (static, rigl, set, nm, magnitude; nm and magnitude start dense and move a layer once it passes 60%). Measured break-even of the reference MLP (sparselab-cli bench --compare-backends --sparsity 0.5,0.6,0.7,0.8, RigL, batch 128, process CPU time of each backend in the same run): 53%, 57% and at most 50% in three runs on two threads (median 53%), 59% on one thread, on a 2-core machine shared with other work (load 8-9); 60% is above all four.</source>
        <translation>全连接层如何存储权重：dense 用完整矩阵乘以掩码；sparse 只保存活跃权重（CSR），耗时与活跃权重数成正比；auto 在方法允许时（static、rigl、set、nm、magnitude；nm 和 magnitude 从稠密开始，层的稀疏度超过 60% 后再转为 sparse），对稀疏度达到或超过 60% 的层使用 sparse。参考 MLP 实测的盈亏平衡点（sparselab-cli bench --compare-backends --sparsity 0.5,0.6,0.7,0.8，RigL，批大小 128，同一次运行中两种后端各自的进程 CPU 时间）：双线程三次运行分别为 53%、57% 和不超过 50%（中位数 53%），单线程为 59%；测量机器为 2 核且同时有其他负载（负载 8-9）；60% 高于这四个值。</translation>
    </message>
</context>
<context>
    <name>sl::ui</name>
    <message>
        <source>the 1 %1 weight</source>
        <translation>1 个%1权重</translation>
    </message>
    <message>
        <source>the %1 %2 weights</source>
        <translation>%1 个%2权重</translation>
    </message>
    <message>
        <source>The method</source>
        <translation>该方法</translation>
    </message>
    <message>
        <source>Step %1: dropped %2, grew %3</source>
        <translation>第 %1 步：丢弃 %2 个，再生长 %3 个</translation>
    </message>
    <message>
        <source>%1 dropped no weights</source>
        <translation>%1 没有丢弃任何权重</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>%1; it never grows weights back.</source>
        <translation>%1；它从不再生长权重。</translation>
    </message>
    <message>
        <source>%1 and grew none.</source>
        <translation>%1，没有再生长。</translation>
    </message>
    <message>
        <source>%1 and grew %2 chosen at random, so growth has no cut-off.</source>
        <translation>%1，并随机再生长了%2，因此生长没有截断线。</translation>
    </message>
    <message>
        <source>1 inactive weight</source>
        <translation>1 个非活跃权重</translation>
    </message>
    <message>
        <source>%1 inactive weights</source>
        <translation>%1 个非活跃权重</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>非活跃</translation>
    </message>
    <message>
        <source>%1 has not changed its mask, and no mask update is ahead in this run.</source>
        <translation>%1 尚未改变掩码，本次运行之后也没有掩码更新。</translation>
    </message>
    <message>
        <source>No mask update yet. The first one comes at step %1 (in %2 steps): this view will then show which weights were dropped and grown, and why.</source>
        <translation>还没有掩码更新。第一次在第 %1 步（还有 %2 步）：届时本视图会显示丢弃和再生长了哪些权重，以及原因。</translation>
    </message>
    <message>
        <source>with the smallest |w|</source>
        <translation>|w| 最小的</translation>
    </message>
    <message>
        <source>%1 dropped %2 %3</source>
        <translation>%1 丢弃了 %3 %2</translation>
    </message>
    <message>
        <source>with the largest %1</source>
        <translation>%1 最大的</translation>
    </message>
    <message>
        <source>%1 and grew %2 %3.</source>
        <translation>%1，并再生长了 %3 %2。</translation>
    </message>
    <message>
        <source>The loss then jumped from %1 to %2: %3 weights entered with mean |w| %4, against %5 for the kept ones.</source>
        <translation>随后损失从 %1 跳到 %2：%3 个权重进入掩码，平均 |w| 为 %4，而保留的权重为 %5。</translation>
    </message>
    <message>
        <source>Why %1: at step %2 the drop fraction α_t was %3, and %3 × %4 active weights ≈ %5.</source>
        <translation>为什么是 %1：第 %2 步的丢弃比例 α_t 为 %3，%3 × %4 个活跃权重 ≈ %5。</translation>
    </message>
    <message>
        <source>rows %1–%2 (output), columns %3–%4 (input): %5 of %6 weights active (%7%)</source>
        <translation>第 %1–%2 行（输出），第 %3–%4 列（输入）：%6 个权重中 %5 个活跃（%7%）</translation>
    </message>
    <message>
        <source>, weights grown here at the last update (step %1)</source>
        <translation>，上次更新（第 %1 步）在此生长了权重</translation>
    </message>
    <message>
        <source>, weights pruned here at the last update (step %1)</source>
        <translation>，上次更新（第 %1 步）在此剪除了权重</translation>
    </message>
    <message>
        <source>just grown</source>
        <translation>刚生长</translation>
    </message>
    <message>
        <source>just pruned</source>
        <translation>刚剪枝</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>row %1 (output), column %2 (input): w = %3, %4</source>
        <translation>第 %1 行（输出），第 %2 列（输入）：w = %3，%4</translation>
    </message>
    <message>
        <source>Why %1: at step %2 the drop fraction α_t was %3, and %3 × %4 active weights rounds to %1.</source>
        <translation>为什么是 %1：第 %2 步的丢弃比例 α_t 为 %3，%3 × %4 个活跃权重四舍五入为 %1。</translation>
    </message>
    <message>
        <source>Why %1: at step %2 the drop fraction α_t was %3, and %3 × %4 active weights rounds to %5, but only %1 weights were inactive to grow into.</source>
        <translation>为什么是 %1：第 %2 步的丢弃比例 α_t 为 %3，%3 × %4 个活跃权重四舍五入为 %5，但只有 %1 个非活跃位置可供再生长。</translation>
    </message>
</context>
<context>
    <name>sl::ui::AttentionMap</name>
    <message>
        <source>No prompt characters the model knows</source>
        <translation>提示中没有模型认识的字符</translation>
    </message>
</context>
<context>
    <name>sl::ui::ChartWidget</name>
    <message>
        <source>Right-click to export this chart as a PNG or SVG picture.</source>
        <translation>右键单击可将此图表导出为 PNG 或 SVG 图片。</translation>
    </message>
    <message>
        <source>SparseLab chart</source>
        <translation>SparseLab 图表</translation>
    </message>
    <message>
        <source>Cannot export to &quot;%1&quot;: the file name must end in .png or .svg.</source>
        <translation>无法导出到“%1”：文件名必须以 .png 或 .svg 结尾。</translation>
    </message>
    <message>
        <source>Could not write &quot;%1&quot;: check the folder exists and is writable.</source>
        <translation>无法写入“%1”：请检查文件夹是否存在且可写。</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>导出 SVG…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>sl::ui::ChurnChart</name>
    <message>
        <source>Churn per mask update and ITOP</source>
        <translation>每次掩码更新的权重变动与 ITOP</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Show the weights pruned and regrown in one layer, or summed over all layers. ITOP (the share of weights ever active) is always for the whole network.</source>
        <translation>显示某一层（或所有层合计）被剪枝和再生长的权重。ITOP（曾经活跃过的权重所占比例）始终针对整个网络。</translation>
    </message>
    <message>
        <source>all layers</source>
        <translation>所有层</translation>
    </message>
    <message>
        <source>grown</source>
        <translation>新生长</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>ITOP (cumulative)</source>
        <translation>ITOP（累计）</translation>
    </message>
    <message>
        <source>ITOP (%)</source>
        <translation>ITOP (%)</translation>
    </message>
    <message>
        <source>weights (▲ grown, ▼ pruned)</source>
        <translation>权重（▲ 再生长，▼ 剪枝）</translation>
    </message>
    <message>
        <source>%1 · dashed: ITOP</source>
        <translation>%1 · 虚线：ITOP</translation>
    </message>
    <message>
        <source>weights in %1</source>
        <translation>%1 中的权重</translation>
    </message>
</context>
<context>
    <name>sl::ui::ConfigFieldEditor</name>
    <message>
        <source>Choose the folder that holds the IDX files</source>
        <translation>选择存放 IDX 文件的文件夹</translation>
    </message>
    <message>
        <source>Folder with the IDX files</source>
        <translation>IDX 文件所在文件夹</translation>
    </message>
    <message>
        <source>default folder</source>
        <translation>默认文件夹</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1&lt;/p&gt;&lt;p&gt;Config key: &lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1&lt;/p&gt;&lt;p&gt;配置键：&lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>e.g. 1e-4</source>
        <translation>例如 1e-4</translation>
    </message>
    <message>
        <source>e.g. 300, 100</source>
        <translation>例如 300, 100</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Fixed during a run: pause and reset to change this.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;运行期间固定：暂停并重置后才能修改。&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>sl::ui::ConfigPanel</name>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Fill the form with the default lesson (nothing changes until you press Apply).</source>
        <translation>用默认课程填写表单（按“应用”之前不会有任何改变）。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>The run is training: pause and reset to change this. ΔT, α and the learning rate apply live.</source>
        <translation>正在训练：请先暂停并重置再修改。ΔT、α 和学习率可在运行中实时生效。</translation>
    </message>
    <message>
        <source>Fix the fields marked in red first.</source>
        <translation>请先修正标为红色的字段。</translation>
    </message>
    <message>
        <source>Use this configuration: the run is rebuilt from step 0 (Ctrl+Return).</source>
        <translation>使用此配置：运行将从第 0 步重新构建（Ctrl+Return）。</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Also show the fields that do not apply to the chosen model and method (they keep their values and are not used).</source>
        <translation>同时显示不适用于所选模型和方法的字段（它们保留取值，但不会被使用）。</translation>
    </message>
</context>
<context>
    <name>sl::ui::CostCountersPanel</name>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>dense params</source>
        <translation>稠密参数</translation>
    </message>
    <message>
        <source>sparse params</source>
        <translation>稀疏参数</translation>
    </message>
    <message>
        <source>dense MACs</source>
        <translation>稠密乘加</translation>
    </message>
    <message>
        <source>sparse MACs</source>
        <translation>稀疏乘加</translation>
    </message>
    <message>
        <source>saving</source>
        <translation>节省</translation>
    </message>
    <message>
        <source>The prunable layer; the last row sums them all.</source>
        <translation>可剪枝层；最后一行为所有层之和。</translation>
    </message>
    <message>
        <source>Weights of the layer without any pruning (rows × columns).</source>
        <translation>未经任何剪枝时该层的权重数（行 × 列）。</translation>
    </message>
    <message>
        <source>Weights the mask keeps active.</source>
        <translation>掩码保留为活跃的权重数。</translation>
    </message>
    <message>
        <source>Multiply-adds per example for the dense layer: rows × columns (× output pixels for a convolution).</source>
        <translation>稠密层每个样本的乘加次数：行 × 列（卷积层再 × 输出像素数）。</translation>
    </message>
    <message>
        <source>Multiply-adds per example if only the active weights were used: one per active weight.</source>
        <translation>只使用活跃权重时每个样本的乘加次数：每个活跃权重一次。</translation>
    </message>
    <message>
        <source>How many times fewer multiply-adds the sparse layer needs (dense ÷ sparse).</source>
        <translation>稀疏层所需乘加次数减少的倍数（稠密 ÷ 稀疏）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Storage&lt;/b&gt;</source>
        <translation>&lt;b&gt;存储&lt;/b&gt;</translation>
    </message>
    <message>
        <source>What the prunable layers&apos; weights and biases take to store, three ways. 1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes.</source>
        <translation>可剪枝层的权重和偏置按三种方式存储所需的空间。1 kB = 1,000 字节，1 MB = 1,000,000 字节。</translation>
    </message>
    <message>
        <source>dense fp32</source>
        <translation>稠密 fp32</translation>
    </message>
    <message>
        <source>CSR fp32</source>
        <translation>CSR fp32</translation>
    </message>
    <message>
        <source>CSR int8</source>
        <translation>CSR int8</translation>
    </message>
    <message>
        <source>Every weight as a 4-byte float, pruned ones included, plus the biases: 4 × (weights + biases). What a dense checkpoint holds.</source>
        <translation>每个权重（包括已剪枝的）都存为 4 字节浮点数，再加上偏置：4 × (权重 + 偏置)。即稠密检查点的大小。</translation>
    </message>
    <message>
        <source>Only the active weights, in compressed sparse rows: per layer 4 bytes per active value + 4 per column index (int32) + 4 per row pointer (rows + 1) + 4 per bias.</source>
        <translation>只存活跃权重，采用压缩稀疏行格式：每层每个活跃值 4 字节 + 每个列索引 4 字节 (int32) + 每个行指针 4 字节（行数 + 1 个）+ 每个偏置 4 字节。</translation>
    </message>
    <message>
        <source>Like CSR fp32 with each active value stored as one signed byte (int8, what quant.mode trains for): 1 byte per value + 4 per column index + 4 per row pointer + 4 per scale (one per layer, or one per output unit per-channel) + 4 per bias. Layers kept in float (quant.float_ends) count as CSR fp32. The int32 indices then dominate, so this is less than 4× below CSR fp32.</source>
        <translation>与 CSR fp32 相同，但每个活跃值存为一个有符号字节（int8，即 quant.mode 训练的目标）：每个值 1 字节 + 每个列索引 4 字节 + 每个行指针 4 字节 + 每个缩放因子 4 字节（每层一个，或逐通道时每个输出单元一个）+ 每个偏置 4 字节。保持浮点的层（quant.float_ends）按 CSR fp32 计。此时 int32 索引占大头，所以比 CSR fp32 小不到 4 倍。</translation>
    </message>
    <message>
        <source>%1  (%2 smaller)</source>
        <extracomment>Storage size, then how many times smaller than dense fp32: &quot;13.3 kB (10.0× smaller)&quot;.</extracomment>
        <translation>%1（缩小 %2）</translation>
    </message>
    <message>
        <source>off (quant.mode none)</source>
        <translation>关闭（quant.mode none）</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Where the layer&apos;s weights live: dense (a full matrix times the mask) or sparse (only the active weights, in CSR: time and memory follow them; model.backend).</source>
        <translation>该层权重的存放方式：dense（完整矩阵乘以掩码）或 sparse（仅存活跃权重，CSR 格式：时间和内存随活跃权重数变化；model.backend）。</translation>
    </message>
    <message>
        <source>Per example, weights only (biases are never pruned). A layer on the sparse backend does the sparse count; a dense one does the dense count whatever its mask.</source>
        <translation>按每个样本计，仅计权重（偏置从不剪枝）。稀疏后端上的层按稀疏计数；稠密后端上的层无论掩码如何都按稠密计数。</translation>
    </message>
    <message>
        <source>Measured by the engine: this run&apos;s milliseconds per training step (the whole step, evaluation at epoch ends included), and the dense backend&apos;s matrix products alone on the same layer shapes and batch, measured once when the run started.</source>
        <translation>由引擎实测：本次运行每个训练步的毫秒数（整个训练步，包括每轮结束时的评估），以及稠密后端在相同层形状和批大小上仅矩阵乘法的耗时（运行开始时测一次）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Measured:&lt;/b&gt; %1 per step · dense products on the same shapes: %2</source>
        <extracomment>Measured time per training step of the run, then the dense products&apos; time.</extracomment>
        <translation>&lt;b&gt;实测：&lt;/b&gt;每步 %1 · 相同形状的稠密矩阵乘法：%2</translation>
    </message>
    <message>
        <source>Runs dense: %1</source>
        <extracomment>Why every layer stays on the dense backend, in the engine&apos;s words (English).</extracomment>
        <translation>以稠密方式运行：%1</translation>
    </message>
    <message>
        <source>sparse</source>
        <translation>稀疏</translation>
    </message>
    <message>
        <source>dense</source>
        <translation>稠密</translation>
    </message>
</context>
<context>
    <name>sl::ui::ExpertRoutingView</name>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>class 00</source>
        <translation>类别 00</translation>
    </message>
    <message>
        <source>Expert %1 receives %2 of all routings (on a fixed batch of test examples; with top-%3 routing every example counts %3 times).</source>
        <translation>专家 %1 接收全部路由的 %2（基于一批固定的测试样本；top-%3 路由时每个样本计 %3 次）。</translation>
    </message>
    <message>
        <source>%1 → expert %2: %3 of this class&apos;s routings.</source>
        <translation>%1 → 专家 %2：占该类别路由的 %3。</translation>
    </message>
    <message>
        <source>Expert routing is shown for mixture-of-experts runs (model.kind = moe).</source>
        <translation>专家路由仅在专家混合模型的运行中显示（model.kind = moe）。</translation>
    </message>
    <message>
        <source>Share of routings per expert (top-%1 of %2)</source>
        <translation>各专家的路由占比（%2 选 %1）</translation>
    </message>
    <message>
        <source>expert %1</source>
        <translation>专家 %1</translation>
    </message>
    <message>
        <source>even</source>
        <translation>均匀</translation>
    </message>
    <message>
        <source>Per class: share of its routings to each expert</source>
        <translation>按类别：该类别路由到各专家的占比</translation>
    </message>
</context>
<context>
    <name>sl::ui::ExplanationHistogram</name>
    <message>
        <source>%1 (%2, %3 sampled)</source>
        <translation>%1（%2，抽样 %3）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>weights (log scale)</source>
        <translation>权重数（对数刻度）</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重数</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>sl::ui::GradientTrafficPanel</name>
    <message>
        <source>compression</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>applied density</source>
        <translation>实际密度</translation>
    </message>
    <message>
        <source>saving</source>
        <translation>节省</translation>
    </message>
    <message>
        <source>gradient.compression and clipping (configuration panel).</source>
        <translation>gradient.compression 与裁剪（配置面板）。</translation>
    </message>
    <message>
        <source>Non-zero gradient entries that reached the optimizer (sparse updates: weights that changed) over all entries, at the last step.</source>
        <translation>上一步中到达优化器的非零梯度元素（稀疏更新时：发生变化的权重）占全部元素的比例。</translation>
    </message>
    <message>
        <source>top-k %1</source>
        <translation>top-k %1</translation>
    </message>
    <message>
        <source>error feedback</source>
        <translation>误差反馈</translation>
    </message>
    <message>
        <source>momentum correction</source>
        <translation>动量修正</translation>
    </message>
    <message>
        <source>sparse updates %1</source>
        <translation>稀疏更新 %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>clip value %1</source>
        <translation>按值裁剪 %1</translation>
    </message>
    <message>
        <source>clip norm %1</source>
        <translation>按范数裁剪 %1</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Separates the parts of the gradient filter&apos;s description.</extracomment>
        <translation>，</translation>
    </message>
    <message>
        <source>Open the summary of an MPI run</source>
        <translation>打开 MPI 运行的摘要</translation>
    </message>
    <message>
        <source>Run summaries (*.json)</source>
        <translation>运行摘要 (*.json)</translation>
    </message>
    <message>
        <source>This window trains in one process: it exchanges nothing. Below is what each rank of an MPI job (mpirun -np N sparselab-cli train) would send per step for this run, and what an MPI run measured.</source>
        <translation>本窗口在单个进程中训练：不交换任何数据。下面是 MPI 作业（mpirun -np N sparselab-cli train）的每个进程在本次运行中每步将发送的数据量，以及 MPI 运行实测的数据。</translation>
    </message>
    <message>
        <source>This run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <source>Each rank would send per step</source>
        <translation>每个进程每步将发送</translation>
    </message>
    <message>
        <source>Measured in an MPI run</source>
        <translation>MPI 运行实测</translation>
    </message>
    <message>
        <source>Top-k bytes as a share of the dense bytes.</source>
        <translation>top-k 字节数占稠密字节数的比例。</translation>
    </message>
    <message>
        <source>ranks</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>dense exchange</source>
        <translation>稠密交换</translation>
    </message>
    <message>
        <source>top-k exchange</source>
        <translation>top-k 交换</translation>
    </message>
    <message>
        <source>top-k received</source>
        <translation>top-k 接收</translation>
    </message>
    <message>
        <source>from</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>sent / step</source>
        <translation>发送 / 步</translation>
    </message>
    <message>
        <source>received / step</source>
        <translation>接收 / 步</translation>
    </message>
    <message>
        <source>exchanges</source>
        <translation>交换次数</translation>
    </message>
    <message>
        <source>The rank count of the MPI job to work the bytes out for.</source>
        <translation>用于计算字节数的 MPI 作业进程数。</translation>
    </message>
    <message>
        <source>One MPI_Allreduce of every gradient entry (4 bytes each), plus the loss and correct count (16 bytes).</source>
        <translation>对每个梯度元素做一次 MPI_Allreduce（每个 4 字节），另加损失和正确数（16 字节）。</translation>
    </message>
    <message>
        <source>Each rank&apos;s top-k pairs (8 bytes: int32 index + fp32 value) by MPI_Allgatherv, after the pair count (8 bytes) and its byte count (4 bytes), plus the loss and correct count (16 bytes). When the gathered pairs of all ranks would outweigh one dense vector (8 bytes per pair &gt; 4 per entry) the ranks allreduce densely instead. RigL&apos;s mask-update steps send the dense gradient once more.</source>
        <translation>每个进程的 top-k 对（8 字节：int32 索引 + fp32 值）经 MPI_Allgatherv 发送，之前先发送对数（8 字节）及其字节数（4 字节），另加损失和正确数（16 字节）。当所有进程汇集的对超过一个稠密向量（每对 8 字节 &gt; 每个元素 4 字节）时，改为稠密 allreduce。RigL 的掩码更新步还会再发送一次稠密梯度。</translation>
    </message>
    <message>
        <source>What reaches one rank from the others in a top-k step: their pairs and byte counts, and the allreduced sums.</source>
        <translation>top-k 步中一个进程从其他进程收到的数据：它们的对和字节数，以及 allreduce 的和。</translation>
    </message>
    <message>
        <source>Dense bytes ÷ top-k bytes per step.</source>
        <translation>每步稠密字节数 ÷ top-k 字节数。</translation>
    </message>
    <message>
        <source>A checkpoint of an MPI run opened in the window, or a run summary opened below.</source>
        <translation>在窗口中打开的 MPI 运行检查点，或在下方打开的运行摘要。</translation>
    </message>
    <message>
        <source>Bytes rank 0 handed to MPI, averaged over the exchanging steps.</source>
        <translation>0 号进程交给 MPI 的字节数，按交换步平均。</translation>
    </message>
    <message>
        <source>Bytes MPI handed back to rank 0 from the other ranks, averaged over the steps.</source>
        <translation>MPI 从其他进程交回 0 号进程的字节数，按步平均。</translation>
    </message>
    <message>
        <source>Steps whose gradients went as top-k pairs (allgather) and densely (allreduce).</source>
        <translation>梯度以 top-k 对（allgather）和稠密方式（allreduce）发送的步数。</translation>
    </message>
    <message>
        <source>communication</source>
        <translation>通信</translation>
    </message>
    <message>
        <source>Seconds rank 0 spent inside MPI calls, and their share of the training time.</source>
        <translation>0 号进程在 MPI 调用中花费的秒数，及其占训练时间的比例。</translation>
    </message>
    <message>
        <source>Open a run summary…</source>
        <translation>打开运行摘要…</translation>
    </message>
    <message>
        <source>A summary written by mpirun -np N sparselab-cli train --summary s.json</source>
        <translation>由 mpirun -np N sparselab-cli train --summary s.json 写出的摘要</translation>
    </message>
    <message>
        <source>— (gradient.compression is not topk)</source>
        <translation>—（gradient.compression 不是 topk）</translation>
    </message>
    <message>
        <source>%1 (%2 pairs)</source>
        <translation>%1（%2 对）</translation>
    </message>
    <message>
        <source>%1 (dense: %2 ranks × %3 pairs &gt; half the entries)</source>
        <extracomment>The top-k exchange switched to a dense allreduce: the ranks&apos; pairs together would cover more than half the entries.</extracomment>
        <translation>%1（稠密：%2 个进程 × %3 对 &gt; 元素数的一半）</translation>
    </message>
    <message>
        <source>%1, %2 ranks</source>
        <translation>%1，%2 个进程</translation>
    </message>
    <message>
        <source>this run&apos;s checkpoint, %1 ranks</source>
        <translation>本次运行的检查点，%1 个进程</translation>
    </message>
    <message>
        <source>nothing yet: open a checkpoint or summary of an MPI run</source>
        <translation>尚无：请打开 MPI 运行的检查点或摘要</translation>
    </message>
    <message>
        <source>%1 (%2 in %3 steps)</source>
        <translation>%1（%3 步共 %2）</translation>
    </message>
    <message>
        <source>%1 (%2 in all)</source>
        <translation>%1（共 %2）</translation>
    </message>
    <message>
        <source>%1 top-k, %2 dense</source>
        <translation>%1 次 top-k，%2 次稠密</translation>
    </message>
    <message>
        <source>%1 s of %2 s (%3%)</source>
        <translation>%2 秒中的 %1 秒（%3%）</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1: a one-process run — it exchanged nothing</source>
        <translation>%1：单进程运行——未交换任何数据</translation>
    </message>
</context>
<context>
    <name>sl::ui::HeatmapLegend</name>
    <message>
        <source>Colour key. Active weights are shaded by magnitude; a weight grown or pruned at the last mask update is coloured, and the colour fades over the next updates.</source>
        <translation>颜色图例。活跃权重按幅值深浅着色；在上一次掩码更新中新生长或被剪枝的权重带有颜色，颜色在之后的几次更新中逐渐褪去。</translation>
    </message>
    <message>
        <source>active: small → large |w| (max %1)</source>
        <translation>活跃：|w| 小 → 大（最大 %1）</translation>
    </message>
    <message>
        <source>active: small → large |w|</source>
        <translation>活跃：|w| 小 → 大</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>just grown</source>
        <translation>刚生长</translation>
    </message>
    <message>
        <source>just pruned</source>
        <translation>刚剪枝</translation>
    </message>
    <message>
        <source>block: fewer → more active (densest %1%)</source>
        <translation>块：活跃较少 → 较多（最密 %1%）</translation>
    </message>
    <message>
        <source>empty block</source>
        <translation>空块</translation>
    </message>
    <message>
        <source>weights grown in block</source>
        <translation>块内有权重生长</translation>
    </message>
    <message>
        <source>weights pruned in block</source>
        <translation>块内有权重被剪除</translation>
    </message>
</context>
<context>
    <name>sl::ui::ImageCanvas</name>
    <message>
        <source>Scroll to zoom, drag to move around. Hover a square to see its weight.</source>
        <translation>滚动缩放，拖动平移。鼠标悬停在方格上可查看其权重。</translation>
    </message>
</context>
<context>
    <name>sl::ui::LanguageMenu</name>
    <message>
        <source>Language</source>
        <extracomment>The View menu&apos;s submenu; its entries are each language&apos;s own name.</extracomment>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>sl::ui::LayerCombo</name>
    <message>
        <source>Which layer to show: its name, then outputs × inputs.</source>
        <translation>要显示的层：名称，然后是输出 × 输入。</translation>
    </message>
    <message>
        <source>%1 — %2 × %3</source>
        <translation>%1 — %2 × %3</translation>
    </message>
</context>
<context>
    <name>sl::ui::LayerSparsityBars</name>
    <message>
        <source>Sparsity per layer</source>
        <translation>各层稀疏度</translation>
    </message>
    <message>
        <source>sparsity (%)</source>
        <translation>稀疏度 (%)</translation>
    </message>
    <message>
        <source>sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
</context>
<context>
    <name>sl::ui::LayerSparsityPanel</name>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>ITOP</source>
        <translation>ITOP</translation>
    </message>
    <message>
        <source>last churn</source>
        <translation>上次变动</translation>
    </message>
    <message>
        <source>The prunable layer.</source>
        <translation>可剪枝层。</translation>
    </message>
    <message>
        <source>Outputs × inputs of the weight matrix.</source>
        <translation>权重矩阵的输出 × 输入。</translation>
    </message>
    <message>
        <source>Weights in the layer when dense.</source>
        <translation>该层稠密时的权重数。</translation>
    </message>
    <message>
        <source>Weights currently in the mask (not pruned).</source>
        <translation>当前掩码中的权重数（未剪枝）。</translation>
    </message>
    <message>
        <source>Share of the layer&apos;s weights that are pruned now.</source>
        <translation>该层当前被剪枝的权重比例。</translation>
    </message>
    <message>
        <source>The sparsity the method aims at for this layer at this step; — for l1 and l0, whose sparsity emerges from the penalty.</source>
        <translation>方法在这一步为该层设定的目标稀疏度；l1 和 l0 显示 —，它们的稀疏度由惩罚项自然涌现。</translation>
    </message>
    <message>
        <source>In-time over-parameterization: share of the weights that have been active at some point during training.</source>
        <translation>即时过参数化（ITOP）：训练中曾在某一时刻活跃过的权重比例。</translation>
    </message>
    <message>
        <source>Weights pruned / grown at the layer&apos;s last mask update.</source>
        <translation>该层上一次掩码更新中剪枝 / 再生长的权重数。</translation>
    </message>
</context>
<context>
    <name>sl::ui::LessonPicker</name>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Choose a lesson. It loads its run and guides you step by step; the lesson panel has Next and Back.</source>
        <translation>选择一门课程。它会载入自己的运行并一步步引导你；课程面板上有“下一步”和“上一步”。</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lessons (*.json)</source>
        <translation>课程 (*.json)</translation>
    </message>
    <message>
        <source>Cannot open the lesson</source>
        <translation>无法打开课程</translation>
    </message>
</context>
<context>
    <name>sl::ui::LessonSidebar</name>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Lessons…</source>
        <translation>课程…</translation>
    </message>
    <message>
        <source>No lesson</source>
        <translation>没有课程</translation>
    </message>
    <message>
        <source>Choose a lesson with File ▸ Lessons… or the button below.</source>
        <translation>请通过 文件 ▸ 课程… 或下面的按钮选择一门课程。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>Playing to the next mask update…</source>
        <translation>正在播放到下一次掩码更新…</translation>
    </message>
    <message>
        <source>Playing to the end of the epoch…</source>
        <translation>正在播放到本轮结束…</translation>
    </message>
    <message>
        <source>Playing to step %1…</source>
        <translation>正在播放到第 %1 步…</translation>
    </message>
    <message>
        <source>Playing to the end of the run…</source>
        <translation>正在播放到运行结束…</translation>
    </message>
    <message>
        <source>Paused at step %1. Press Next to go on.</source>
        <translation>已在第 %1 步暂停。按“下一步”继续。</translation>
    </message>
    <message>
        <source>Paused at step %1. This was the last step.</source>
        <translation>已在第 %1 步暂停。这是最后一步。</translation>
    </message>
    <message>
        <source>Press Next to go on.</source>
        <translation>按“下一步”继续。</translation>
    </message>
    <message>
        <source>This was the last step.</source>
        <translation>这是最后一步。</translation>
    </message>
    <message>
        <source>Pruning the trained model…</source>
        <translation>正在剪枝已训练的模型…</translation>
    </message>
    <message>
        <source>Lottery ticket rounds are running; each joins the run list…</source>
        <translation>彩票假设轮次正在运行；每一轮都会加入运行列表…</translation>
    </message>
    <message>
        <source>The run was reset. Press Play to play to the next mask update.</source>
        <translation>运行已重置。按“开始”播放到下一次掩码更新。</translation>
    </message>
    <message>
        <source>The run was reset. Press Play to play to the end of the epoch.</source>
        <translation>运行已重置。按“开始”播放到本轮结束。</translation>
    </message>
    <message>
        <source>The run was reset. Press Play to play to step %1.</source>
        <translation>运行已重置。按“开始”播放到第 %1 步。</translation>
    </message>
    <message>
        <source>The run was reset. Press Play to play to the end of the run.</source>
        <translation>运行已重置。按“开始”播放到运行结束。</translation>
    </message>
</context>
<context>
    <name>sl::ui::LessonUi</name>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Lessons…</source>
        <translation>课程…</translation>
    </message>
    <message>
        <source>Guided lessons: a run, a pace and steps to follow</source>
        <translation>引导式课程：一次运行、一种节奏和可跟随的步骤</translation>
    </message>
</context>
<context>
    <name>sl::ui::LossAccuracyChart</name>
    <message>
        <source>Loss and accuracy</source>
        <translation>损失与准确率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Smooths the train loss and train accuracy with an exponential moving average, so the trend shows through the noise of single batches. 0 shows every logged point; 0.99 averages over about the last 100. Test accuracy is never smoothed.</source>
        <translation>用指数移动平均平滑训练损失和训练准确率，使趋势不被单个批次的噪声掩盖。0 显示每个记录点；0.99 约平均最近 100 个点。测试准确率从不平滑。</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>train accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率 (%)</translation>
    </message>
    <message>
        <source>loss spike after a mask update</source>
        <translation>掩码更新后的损失尖峰</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>0–100 %</source>
        <translation>0–100 %</translation>
    </message>
    <message>
        <source>Show the accuracy axis from 0 to 100 %. Unticked, it spans the accuracies of the runs shown, so close runs can be told apart.</source>
        <translation>准确率坐标轴显示 0 到 100 %。不勾选时，坐标轴只覆盖所显示运行的准确率范围，便于区分相近的运行。</translation>
    </message>
    <message>
        <source>Test accuracy of the current run at its last evaluation; &quot;final&quot; once the run has finished.</source>
        <translation>当前运行最近一次评估的测试准确率；运行结束后显示“最终”。</translation>
    </message>
    <message>
        <source>solid: train loss · dotted: train accuracy · dashed: test accuracy · dash-dot: validation accuracy</source>
        <translation>实线：训练损失 · 点线：训练准确率 · 虚线：测试准确率 · 点划线：验证准确率</translation>
    </message>
    <message>
        <source>final test %1 %</source>
        <translation>最终测试 %1 %</translation>
    </message>
    <message>
        <source>test %1 %</source>
        <translation>测试 %1 %</translation>
    </message>
    <message>
        <source>Loss (a language model: no accuracy)</source>
        <translation>损失（语言模型：无准确率）</translation>
    </message>
    <message>
        <source>train loss (bits per character)</source>
        <translation>训练损失（每字符比特）</translation>
    </message>
    <message>
        <source>held-out %1 bits/char</source>
        <translation>留出集 %1 比特/字符</translation>
    </message>
</context>
<context>
    <name>sl::ui::LotteryDialog</name>
    <message>
        <source>Lottery ticket rounds</source>
        <translation>彩票假设轮次</translation>
    </message>
    <message>
        <source>Pruning rounds after the dense round 0; each one trains the whole run again.</source>
        <translation>稠密的第 0 轮之后的剪枝轮数；每一轮都重新完整训练一次。</translation>
    </message>
    <message>
        <source>p: the share of the remaining weights pruned (smallest |w|) after each round.</source>
        <translation>p：每轮结束后剪去的剩余权重比例（|w| 最小者）。</translation>
    </message>
    <message>
        <source>global (one ranking over all layers)</source>
        <translation>全局（所有层统一排序）</translation>
    </message>
    <message>
        <source>per layer (each layer pruned by p)</source>
        <translation>逐层（每层各剪去 p）</translation>
    </message>
    <message>
        <source>k: every round restarts from the dense run&apos;s weights at step k. 0 is the original ticket; k &gt; 0 is rewinding (1 epoch = %1 steps).</source>
        <translation>k：每一轮都从稠密运行在第 k 步的权重重新开始。0 即原始彩票；k &gt; 0 为回退（1 轮 = %1 步）。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>random reinit (same masks, fresh weights)</source>
        <translation>随机重新初始化（相同掩码，新权重）</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Prune per round (p)</source>
        <translation>每轮剪枝比例 (p)</translation>
    </message>
    <message>
        <source>Ranking</source>
        <translation>排序范围</translation>
    </message>
    <message>
        <source>Rewind to step (k)</source>
        <translation>回退到第 k 步 (k)</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>对照</translation>
    </message>
    <message>
        <source>Run rounds</source>
        <translation>开始运行</translation>
    </message>
    <message>
        <source>The last round reaches %1 % sparsity; %2 full training runs.</source>
        <translation>最后一轮达到 %1 % 稀疏度；共需 %2 次完整训练。</translation>
    </message>
</context>
<context>
    <name>sl::ui::LotteryWorker</name>
    <message>
        <source>dense round: step %1 of %2</source>
        <translation>稠密轮：第 %1 / %2 步</translation>
    </message>
    <message>
        <source>%1 %2: step %3 of %4</source>
        <translation>%1 %2：第 %3 / %4 步</translation>
    </message>
    <message>
        <source>reinit control</source>
        <translation>重新初始化对照</translation>
    </message>
    <message>
        <source>round</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Lottery rounds stopped: %1</source>
        <translation>彩票轮次已停止：%1</translation>
    </message>
</context>
<context>
    <name>sl::ui::MainWindow</name>
    <message>
        <source>Cannot open the checkpoint</source>
        <translation>无法打开检查点</translation>
    </message>
    <message>
        <source>Open checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>SparseLab checkpoints (*.h5)</source>
        <translation>SparseLab 检查点 (*.h5)</translation>
    </message>
    <message>
        <source>SparseLab</source>
        <translation>SparseLab</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行列表</translation>
    </message>
    <message>
        <source>Loss and accuracy</source>
        <translation>损失与准确率</translation>
    </message>
    <message>
        <source>Sparsity schedule</source>
        <translation>稀疏度调度</translation>
    </message>
    <message>
        <source>Churn</source>
        <translation>权重变动</translation>
    </message>
    <message>
        <source>Per-layer sparsity</source>
        <translation>各层稀疏度</translation>
    </message>
    <message>
        <source>Weight magnitudes</source>
        <translation>权重幅值</translation>
    </message>
    <message>
        <source>Why this update</source>
        <translation>为何这样更新</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>计算开销</translation>
    </message>
    <message>
        <source>Expert routing</source>
        <translation>专家路由</translation>
    </message>
    <message>
        <source>Gradient traffic</source>
        <translation>梯度通信量</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open checkpoint…</source>
        <translation>打开检查点…</translation>
    </message>
    <message>
        <source>Save checkpoint…</source>
        <translation>保存检查点…</translation>
    </message>
    <message>
        <source>Export metrics as CSV…</source>
        <translation>将指标导出为 CSV…</translation>
    </message>
    <message>
        <source>Export all charts (PNG and SVG)…</source>
        <translation>导出全部图表（PNG 和 SVG）…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Keep this run for comparison</source>
        <translation>保留此运行用于对比</translation>
    </message>
    <message>
        <source>Prune trained model…</source>
        <translation>剪枝已训练模型…</translation>
    </message>
    <message>
        <source>Lottery ticket rounds…</source>
        <translation>彩票假设轮次…</translation>
    </message>
    <message>
        <source>Load the default lesson</source>
        <translation>载入默认课程</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Metrics written to %1</source>
        <translation>指标已写入 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export charts to</source>
        <translation>将图表导出到</translation>
    </message>
    <message>
        <source>Charts written to %1</source>
        <translation>图表已写入 %1</translation>
    </message>
    <message>
        <source>Lottery rounds are already running</source>
        <translation>彩票轮次已在运行中</translation>
    </message>
    <message>
        <source>Lottery ticket rounds: starting…</source>
        <translation>彩票假设轮次：正在开始…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>Fine-tune from checkpoint</source>
        <translation>从检查点微调</translation>
    </message>
    <message>
        <source>Open sweep folder (written by sparselab-cli sweep --out-dir)</source>
        <translation>打开参数扫描文件夹（由 sparselab-cli sweep --out-dir 写出）</translation>
    </message>
    <message>
        <source>Fine-tune from checkpoint…</source>
        <translation>从检查点微调…</translation>
    </message>
    <message>
        <source>Start a new run of the current settings (method, sparsity, schedule) from the trained weights of a checkpoint with the same layer shapes</source>
        <translation>用当前设置（方法、稀疏度、调度）开始一次新的运行，从层形状相同的检查点中已训练的权重出发</translation>
    </message>
    <message>
        <source>Open sweep…</source>
        <translation>打开参数扫描…</translation>
    </message>
    <message>
        <source>Sweep %1 opened</source>
        <translation>已打开参数扫描 %1</translation>
    </message>
    <message>
        <source>Open run set…</source>
        <translation>打开运行集…</translation>
    </message>
    <message>
        <source>Add the kept runs of a run set file to the comparison</source>
        <translation>把运行集文件中保留的运行加入对比</translation>
    </message>
    <message>
        <source>Save run set…</source>
        <translation>保存运行集…</translation>
    </message>
    <message>
        <source>Save the kept runs with their curves, to open them on another machine</source>
        <translation>保存保留的运行及其曲线，以便在另一台机器上打开</translation>
    </message>
    <message>
        <source>The runs kept last time could not be restored: %1</source>
        <translation>无法恢复上次保留的运行：%1</translation>
    </message>
    <message>
        <source>Run set written to %1</source>
        <translation>运行集已写入 %1</translation>
    </message>
    <message>
        <source>Cannot save the run set</source>
        <translation>无法保存运行集</translation>
    </message>
    <message>
        <source>Run set %1 opened</source>
        <translation>已打开运行集 %1</translation>
    </message>
    <message>
        <source>Cannot open the run set</source>
        <translation>无法打开运行集</translation>
    </message>
    <message>
        <source>Save run set</source>
        <translation>保存运行集</translation>
    </message>
    <message>
        <source>SparseLab run sets (*.json)</source>
        <translation>SparseLab 运行集 (*.json)</translation>
    </message>
    <message>
        <source>Open run set</source>
        <translation>打开运行集</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>sl::ui::MaskHeatmapView</name>
    <message>
        <source>%1 (1 update before the last)</source>
        <translation>%1（上次之前 1 次更新）</translation>
    </message>
    <message>
        <source>%1 (%2 updates before the last)</source>
        <translation>%1（上次之前 %2 次更新）</translation>
    </message>
    <message>
        <source>just grown</source>
        <translation>刚生长</translation>
    </message>
    <message>
        <source>just pruned</source>
        <translation>刚剪枝</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>Receptive fields</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>Show each hidden unit&apos;s incoming weights as a small 28×28 image: which pixels the unit still looks at. Only for the first layer of a model trained on images.</source>
        <translation>把每个隐藏单元的输入权重显示为一张 28×28 的小图：该单元仍在“看”哪些像素。仅适用于在图像上训练的模型的第一层。</translation>
    </message>
    <message>
        <source>Zoom out (or scroll down over the image)</source>
        <translation>缩小（或在图像上向下滚动）</translation>
    </message>
    <message>
        <source>Zoom in (or scroll up over the image)</source>
        <translation>放大（或在图像上向上滚动）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Zoom so the whole layer fits the view</source>
        <translation>缩放到整层都能显示在视图中</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>unit %1, image pixel (row %2, column %3)</source>
        <translation>单元 %1，图像像素（第 %2 行，第 %3 列）</translation>
    </message>
    <message>
        <source>filter %1, input channel %2, ky %3, kx %4</source>
        <translation>滤波器 %1，输入通道 %2，ky %3，kx %4</translation>
    </message>
    <message>
        <source>row %1 (output), column %2 (input)</source>
        <translation>第 %1 行（输出），第 %2 列（输入）</translation>
    </message>
    <message>
        <source>%1: w = %2, %3</source>
        <translation>%1：w = %2，%3</translation>
    </message>
    <message>
        <source>No layers yet: start a run to see its masks.</source>
        <translation>还没有层：开始运行即可看到它的掩码。</translation>
    </message>
    <message>
        <source>%1: %2 of %3 weights active (%4% sparse).</source>
        <translation>%1：%3 个权重中 %2 个活跃（稀疏度 %4%）。</translation>
    </message>
    <message>
        <source> Last mask update at step %1: pruned %2, grew %3.</source>
        <translation>上次掩码更新在第 %1 步：剪枝 %2 个，再生长 %3 个。</translation>
    </message>
    <message>
        <source> A row per filter: its %1×%1 kernel.</source>
        <translation>每行一个滤波器：它的 %1×%1 卷积核。</translation>
    </message>
    <message>
        <source> A row per filter: its %1 input channels&apos; %2×%2 kernels side by side.</source>
        <translation>每行一个滤波器：它的 %1 个输入通道的 %2×%2 卷积核并排显示。</translation>
    </message>
    <message>
        <source> Each tile is one unit&apos;s incoming weights, unit 0 at the top left.</source>
        <translation>每个小块是一个单元的输入权重，单元 0 在左上角。</translation>
    </message>
    <message>
        <source> Too big for a pixel per weight: each pixel is a block of about %1 × %2 weights, brighter where more of them are active.</source>
        <translation> 太大，无法每个权重一个像素：每个像素是约 %1 × %2 个权重的块，活跃权重越多越亮。</translation>
    </message>
    <message>
        <source> The highlights show %1 of the %2 weights the last update changed.</source>
        <translation> 高亮显示了上次更新改变的 %2 个权重中的 %1 个。</translation>
    </message>
</context>
<context>
    <name>sl::ui::MessageBanner</name>
    <message>
        <source>Dismiss this message</source>
        <translation>关闭此消息</translation>
    </message>
</context>
<context>
    <name>sl::ui::PresentationMode</name>
    <message>
        <source>Presentation</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>For a projector: large text, the heatmap and three charts; Esc returns</source>
        <translation>用于投影：大字号、热力图和三张图表；按 Esc 返回</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>Mask updates: %1</source>
        <translation>掩码更新：%1 次</translation>
    </message>
    <message>
        <source>Test accuracy %1 %</source>
        <translation>测试准确率 %1 %</translation>
    </message>
</context>
<context>
    <name>sl::ui::PruneDialog</name>
    <message>
        <source>Prune trained model</source>
        <translation>剪枝已训练模型</translation>
    </message>
    <message>
        <source>SparseGPT (OBS update of the kept weights)</source>
        <translation>SparseGPT（对保留权重做 OBS 更新）</translation>
    </message>
    <message>
        <source>Wanda (|w| · input norm, per row)</source>
        <translation>Wanda（|w| · 输入范数，逐行）</translation>
    </message>
    <message>
        <source>Magnitude (|w|, per layer)</source>
        <translation>幅值（|w|，逐层）</translation>
    </message>
    <message>
        <source>Unstructured</source>
        <translation>非结构化</translation>
    </message>
    <message>
        <source>Fraction of each layer&apos;s weights that is pruned</source>
        <translation>每层被剪枝的权重比例</translation>
    </message>
    <message>
        <source>Training examples on which each layer&apos;s inputs are measured (Wanda, SparseGPT)</source>
        <translation>用于测量各层输入的训练样本数（Wanda、SparseGPT）</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <source>Calibration examples</source>
        <translation>校准样本数</translation>
    </message>
    <message>
        <source>Layers are pruned in order, each on the inputs of the already pruned layers before it. The run then keeps these masks fixed.</source>
        <translation>按顺序逐层剪枝，每一层都使用其前面已剪枝层的输出作为输入。之后运行会保持这些掩码不变。</translation>
    </message>
    <message>
        <source>Prune</source>
        <translation>剪枝</translation>
    </message>
</context>
<context>
    <name>sl::ui::RunActions</name>
    <message>
        <source>%1 (%2)</source>
        <extracomment>An action&apos;s tooltip: what it does, then its keyboard shortcuts.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Train one batch</source>
        <translation>训练一个批次</translation>
    </message>
    <message>
        <source>Next mask update</source>
        <translation>下次掩码更新</translation>
    </message>
    <message>
        <source>Train up to and including the next mask update</source>
        <translation>训练到下一次掩码更新（含）为止</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>一轮</translation>
    </message>
    <message>
        <source>Train to the end of the current epoch</source>
        <translation>训练到当前这一轮结束</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start the run again from step 0 with the current settings</source>
        <translation>用当前设置从第 0 步重新开始运行</translation>
    </message>
    <message>
        <source>Training speed. Slow speeds let a class watch single mask updates; &quot;max&quot; trains as fast as the machine can.</source>
        <translation>训练速度。慢速便于课堂上观察每一次掩码更新；“最快”则以机器能达到的最快速度训练。</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最快</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 步/秒</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause training after the current step</source>
        <translation>在当前这一步之后暂停训练</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Train continuously; press again to pause</source>
        <translation>持续训练；再按一次暂停</translation>
    </message>
    <message>
        <source>lesson pace</source>
        <translation>课堂节奏</translation>
    </message>
</context>
<context>
    <name>sl::ui::RunBook</name>
    <message>
        <source>current run</source>
        <translation>当前运行</translation>
    </message>
</context>
<context>
    <name>sl::ui::RunListPanel</name>
    <message>
        <source>Runs to compare. Tick a run to overlay its curves on the charts in its colour; double-click or press F2 to rename it.</source>
        <translation>用于对比的运行。勾选某次运行，即以其颜色把曲线叠加到图表上；双击或按 F2 重命名。</translation>
    </message>
    <message>
        <source>Keep current run</source>
        <translation>保留当前运行</translation>
    </message>
    <message>
        <source>Copy the run you are training into this list, so that the next run can be compared with it.</source>
        <translation>把正在训练的运行复制到此列表中，以便与下一次运行对比。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the selected run (F2).</source>
        <translation>重命名所选运行（F2）。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>live</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>no data yet</source>
        <translation>尚无数据</translation>
    </message>
    <message>
        <source>%1% sparse (emergent)</source>
        <translation>稀疏度 %1%（涌现）</translation>
    </message>
    <message>
        <source>%1% of units removed</source>
        <translation>移除了 %1% 的单元</translation>
    </message>
    <message>
        <source>%1% sparse</source>
        <translation>稀疏度 %1%</translation>
    </message>
    <message>
        <source>test acc %1%</source>
        <translation>测试准确率 %1%</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Tick to show its curves; double-click or F2 to rename.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;勾选以显示其曲线；双击或按 F2 重命名。</translation>
    </message>
    <message>
        <source>The live run cannot be removed; keep it and reset instead.</source>
        <translation>无法移除正在进行的运行；请先保留它，然后重置。</translation>
    </message>
    <message>
        <source>Remove the selected kept run from the list (Delete).</source>
        <translation>从列表中移除所选的已保留运行（Delete）。</translation>
    </message>
</context>
<context>
    <name>sl::ui::ScheduleChart</name>
    <message>
        <source>Sparsity schedule</source>
        <translation>稀疏度调度</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>sparsity (%)</source>
        <translation>稀疏度 (%)</translation>
    </message>
    <message>
        <source>drop fraction α</source>
        <translation>丢弃比例 α</translation>
    </message>
    <message>
        <source>target (planned)</source>
        <translation>目标（计划）</translation>
    </message>
    <message>
        <source>emergent sparsity</source>
        <translation>涌现稀疏度</translation>
    </message>
    <message>
        <source>actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>drop fraction α_t</source>
        <translation>丢弃比例 α_t</translation>
    </message>
    <message>
        <source>mask update</source>
        <translation>掩码更新</translation>
    </message>
    <message>
        <source>Emergent sparsity (no target: l1 / l0 regularization)</source>
        <translation>涌现稀疏度（无目标：l1 / l0 正则化）</translation>
    </message>
    <message>
        <source>solid: actual sparsity · dashed: target</source>
        <translation>实线：实际稀疏度 · 虚线：目标</translation>
    </message>
</context>
<context>
    <name>sl::ui::SpeedControl</name>
    <message>
        <source>&lt;p&gt;How many training steps per second. Slow speeds (2 or 10 steps/s) let you watch single mask updates: weights being pruned and regrown in the heatmap. &lt;b&gt;max&lt;/b&gt; trains as fast as the computer can.&lt;/p&gt;</source>
        <translation>&lt;p&gt;每秒训练多少步。慢速（2 或 10 步/秒）便于观察每一次掩码更新：热力图中权重被剪枝和再生长。&lt;b&gt;最快&lt;/b&gt;则以计算机能达到的最快速度训练。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Speed: 1000 steps/s</source>
        <translation>速度：1000 步/秒</translation>
    </message>
    <message>
        <source>Speed: max</source>
        <translation>速度：最快</translation>
    </message>
    <message>
        <source>Speed: %1 steps/s</source>
        <translation>速度：%1 步/秒</translation>
    </message>
</context>
<context>
    <name>sl::ui::StatusLine</name>
    <message>
        <source>Where the run is: optimizer steps done, the epoch, the training speed and the fraction of all prunable weights that are zero</source>
        <translation>运行进度：已完成的优化步数、当前轮次、训练速度，以及所有可剪枝权重中为零的比例</translation>
    </message>
    <message>
        <source>step %1 / %2   epoch %3 / %4   %5 steps/s   sparsity %6%   %7</source>
        <translation>步 %1 / %2   轮 %3 / %4   %5 步/秒   稀疏度 %6%   %7</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>   loss spike after the mask update at step %1 (%2 → %3)</source>
        <translation>   第 %1 步掩码更新后出现损失尖峰（%2 → %3）</translation>
    </message>
</context>
<context>
    <name>sl::ui::SweepOpener</name>
    <message>
        <source>Cannot open the sweep</source>
        <translation>无法打开参数扫描</translation>
    </message>
    <message>
        <source>Some runs were left out</source>
        <translation>有些运行未被载入</translation>
    </message>
</context>
<context>
    <name>sl::ui::SweepView</name>
    <message>
        <source>No sweep open. File ▸ Open sweep… reads a folder written by sparselab-cli sweep --out-dir.</source>
        <translation>尚未打开参数扫描。文件 ▸ 打开参数扫描… 读取由 sparselab-cli sweep --out-dir 写出的文件夹。</translation>
    </message>
    <message>
        <source>validation accuracy, %</source>
        <translation>验证准确率，%</translation>
    </message>
    <message>
        <source> (log scale)</source>
        <translation>（对数刻度）</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>val. %</source>
        <translation>验证 %</translation>
    </message>
</context>
<context>
    <name>sl::ui::TextView</name>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Characters to continue (empty: start a new line)</source>
        <translation>要续写的字符（留空：从新行开始）</translation>
    </message>
    <message>
        <source>The model continues this text. Characters it never saw in training are skipped. Press Enter to generate again now.</source>
        <translation>模型续写这段文字。训练中从未见过的字符会被跳过。按 Enter 立即重新生成。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>0 always takes the most probable character; higher values sample more adventurously.</source>
        <translation>0 总是取最可能的字符；数值越高，采样越大胆。</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>字符数</translation>
    </message>
    <message>
        <source>The prompt (grey) and what the model writes after it, generated again at each evaluation.</source>
        <translation>提示（灰色）及模型在其后写出的内容，每次评估时重新生成。</translation>
    </message>
    <message>
        <source>Held-out passage, shaded by the model&apos;s loss on each character (white 0 bits, red %1 bits or more)</source>
        <translation>留出段落，按模型在每个字符上的损失着色（白色 0 比特，红色 %1 比特及以上）</translation>
    </message>
    <message>
        <source>Attention over the prompt</source>
        <translation>对提示的注意力</translation>
    </message>
    <message>
        <source>Row: the character attending; column: the character it reads. A character never reads a later one, so the upper triangle stays white.</source>
        <translation>行：发出注意的字符；列：被读取的字符。字符从不读取其后的字符，因此上三角保持白色。</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>The Text view shows a language model (model.kind gpt): this run is not one.</source>
        <translation>文本视图显示语言模型（model.kind gpt）：本次运行不是语言模型。</translation>
    </message>
    <message>
        <source>Step %1: generated at temperature %2</source>
        <translation>第 %1 步：以温度 %2 生成</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 比特</translation>
    </message>
    <message>
        <source>Attention over the held-out passage</source>
        <translation>对留出段落的注意力</translation>
    </message>
</context>
<context>
    <name>sl::ui::TrainingWorker</name>
    <message>
        <source>Fine-tuning the weights of %1 with %2</source>
        <translation>正在用 %2 微调 %1 的权重</translation>
    </message>
    <message>
        <source>Saved the run at step %1 to %2</source>
        <translation>已将第 %1 步的运行保存到 %2</translation>
    </message>
    <message>
        <source>Opened %1: step %2 of %3</source>
        <translation>已打开 %1：第 %2 步，共 %3 步</translation>
    </message>
    <message>
        <source>unstructured</source>
        <translation>非结构化</translation>
    </message>
    <message>
        <source>held-out next-character accuracy %1% → %2%, %3 → %4 bits per character</source>
        <translation>留出文本的下一字符准确率 %1% → %2%，每字符 %3 → %4 比特</translation>
    </message>
    <message>
        <source>test accuracy %1% → %2%</source>
        <translation>测试准确率 %1% → %2%</translation>
    </message>
    <message>
        <source>Pruned with %1 (%2) to %3% on %4 examples in %5 s: %6. Reconstruction error:%7</source>
        <translation>已用 %1（%2）在 %4 个样本上剪枝到 %3%，用时 %5 秒：%6。重建误差：%7</translation>
    </message>
    <message>
        <source>No mask update is left in this run.</source>
        <translation>本次运行已没有剩余的掩码更新。</translation>
    </message>
</context>
<context>
    <name>sl::ui::WeightHistogramChart</name>
    <message>
        <source>weights per bin</source>
        <translation>每个区间的权重数</translation>
    </message>
    <message>
        <source>weights per bin (log)</source>
        <translation>每个区间的权重数（对数）</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Log count</source>
        <translation>对数计数</translation>
    </message>
    <message>
        <source>Use a logarithmic count axis. Pruned weights often sit in one tall bin at zero; on a log axis the active weights stay visible beside them.</source>
        <translation>计数轴使用对数刻度。被剪枝的权重常常集中在零处的一个高柱里；在对数轴上，旁边的活跃权重仍清晰可见。</translation>
    </message>
    <message>
        <source>latent |w|</source>
        <translation>潜在 |w|</translation>
    </message>
    <message>
        <source>|w|</source>
        <translation>|w|</translation>
    </message>
    <message>
        <source>%1 of %2: active and pruned</source>
        <translation>%2 的 %1：活跃与已剪枝</translation>
    </message>
    <message>
        <source>Weight magnitudes</source>
        <translation>权重幅值</translation>
    </message>
    <message>
        <source>Smallest active |w|: %1, less than one bin from 0: weights grown at a mask update start at 0 and have barely trained yet.</source>
        <translation>最小的活跃 |w|：%1，离 0 不到一个区间：掩码更新时再生长的权重从 0 开始，几乎还没有训练。</translation>
    </message>
    <message>
        <source>smallest active %1</source>
        <translation>最小活跃值 %1</translation>
    </message>
    <message>
        <source>The line is the cut-off of the mask update at step %1: every weight it dropped had |w| ≤ %2.</source>
        <translation>这条线是第 %1 步掩码更新的截断值：被它丢弃的每个权重都满足 |w| ≤ %2。</translation>
    </message>
    <message>
        <source>drop cut-off %1</source>
        <translation>丢弃截断值 %1</translation>
    </message>
</context>
<context>
    <name>sl::ui::WhyUpdateView</name>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Drop: |w| of active weights</source>
        <translation>丢弃：活跃权重的 |w|</translation>
    </message>
    <message>
        <source>|w|</source>
        <translation>|w|</translation>
    </message>
    <message>
        <source>Every active weight&apos;s magnitude just after the update (a sample when the layer is large), with the dropped ones in vermillion. The method dropped everything left of the dashed line.</source>
        <translation>更新刚完成时每个活跃权重的幅值（层很大时为抽样），被丢弃的用朱红色表示。方法丢弃了虚线左侧的全部权重。</translation>
    </message>
    <message>
        <source>The score the method grows by, for the inactive weights (a sample when the layer is large), with the grown ones in green. It grew everything right of the dashed line.</source>
        <translation>方法据以再生长的分数，针对非活跃权重（层很大时为抽样），新生长的用绿色表示。它再生长了虚线右侧的全部权重。</translation>
    </message>
    <message>
        <source>Start a run to see why its masks change.</source>
        <translation>开始运行，即可看到掩码为何改变。</translation>
    </message>
    <message>
        <source>%1: no mask update yet</source>
        <translation>%1：尚无掩码更新</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>drop below</source>
        <translation>低于此值丢弃</translation>
    </message>
    <message>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Grow: %1 of inactive weights</source>
        <translation>再生长：非活跃权重的 %1</translation>
    </message>
    <message>
        <source>Grow: at random</source>
        <translation>再生长：随机</translation>
    </message>
    <message>
        <source>Growth is random: the 1 new weight was drawn uniformly from the inactive ones, so there is no score to rank them by and no cut-off.</source>
        <translation>再生长是随机的：这 1 个新权重是从非活跃权重中均匀抽取的，所以没有可供排序的分数，也没有截断线。</translation>
    </message>
    <message>
        <source>Growth is random: the %1 new weights were drawn uniformly from the inactive ones, so there is no score to rank them by and no cut-off.</source>
        <translation>再生长是随机的：这 %1 个新权重是从非活跃权重中均匀抽取的，所以没有可供排序的分数，也没有截断线。</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>再生长</translation>
    </message>
    <message>
        <source>%1 does not grow weights: a pruned weight stays pruned.</source>
        <translation>%1 不再生长权重：被剪枝的权重保持剪枝。</translation>
    </message>
    <message>
        <source>not grown</source>
        <translation>未生长</translation>
    </message>
    <message>
        <source>grown</source>
        <translation>新生长</translation>
    </message>
    <message>
        <source>grow above</source>
        <translation>高于此值再生长</translation>
    </message>
    <message>
        <source>This run was opened from a checkpoint, which keeps which weights changed but not the scores they were ranked by. The histograms return at the next mask update.</source>
        <translation>此运行是从检查点打开的，检查点记录了哪些权重发生了变化，但没有保存用于排序的分数。直方图将在下一次掩码更新时重新出现。</translation>
    </message>
</context>
</TS>
